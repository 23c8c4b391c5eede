"""Sentences of the ToxicSpans posts, labelled from the raters' typed character spans (CC0).

Why: the post-level set (``civil_comments_toxic_spans``) holds only posts the Civil Comments
crowd already rated toxic, and the project's other clean rows are tweets, so a model trained on
them learns "news style = reject". The span raters say *where* a post is toxic, so the other
sentences of those posts are real, in-domain news-comment sentences that nobody marked: clean
negatives from the same site, style and topics as the violations.

Derivation (from ``original/annotations.csv`` and ``original/spans.csv``; see its SOURCE.md):

* A rater's annotation is *uninformative* when it ticks both "all toxic" and "not toxic" and
  marks no span (21,185 of 59,215 annotations: a missing-answer marker, not a judgement; the
  uniform file counts them as "not toxic", which makes its post-level 0s noisy). Those are
  dropped; ``n`` is the number of informative raters of the post (at least ``MIN_RATERS``).
* A rater judges the whole post toxic when they tick "all toxic" (no spans needed); such a post
  gives no clean sentences.
* Sentences: split on ``.!?`` and line breaks; at least ``MIN_WORDS`` words.
* For each sentence and span type T, ``k_T`` = raters with a span of type T overlapping it,
  ``k`` = raters with any span overlapping it.
* clean sentence (every category 0): ``k == 0``, no rater ticked "all toxic", and it contains
  no word of the project's English swear/insult list (raters under-mark: "type 0 does not
  guarantee absence", SOURCE.md).
* violating sentence: ``k / n >= 0.5``; category T = 1 when ``k_T / n >= 0.5``, T = 0 when
  ``k_T == 0``, unknown otherwise. Types: Insult -> personal_attack, Threat -> threat,
  Identity based Attack -> abuse (no target), Profane/Obscene -> profanity (and vulgarity,
  conflated upstream), Other Toxicity -> should_reject only.
* every other sentence (a minority of raters marked it) is left out as ambiguous.

Split: ``split_for("civil_comments_toxic_spans", post id)``: every sentence of a post shares the
post's split in the post-level set, so no test post of either set trains the other.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from classifier.datasets._common import split_for
from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME: Final = "civil_comments_sentences"
SOURCE_SET: Final = "civil_comments_toxic_spans"
MIN_WORDS: Final = 4
MIN_RATERS: Final = 2
SPAN_TYPES: Final[dict[str, tuple[str, ...]]] = {
    "Insult": ("personal_attack",),
    "Threat": ("threat",),
    "Identity based Attack": ("abuse",),
    "Profane/Obscene": ("profanity", "vulgarity"),
    "Other Toxicity": (),
}
CLEAN_CATEGORIES: Final = ("profanity", "vulgarity", "threat", "personal_attack", "abuse")
_TYPE_FIXES: Final = {"Insu": "Insult", "Identity based ": "Identity based Attack"}
SENTENCE: Final = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.MULTILINE)
WORD: Final = re.compile(r"[^\W_]+")
# Words whose presence makes an unmarked sentence too doubtful to call clean (raters under-mark).
DOUBTFUL_WORDS: Final = frozenset(
    """idiot idiots idiotic moron morons moronic stupid stupidity dumb dumber dumbest fool fools
    foolish clown clowns loser losers pathetic imbecile imbeciles cretin jerk jerks scum ignorant
    ignorance liar liars lying hypocrite hypocrites coward cowards cowardly troll trolls bigot
    bigots racist racists nazi nazis fascist fascists traitor traitors thug thugs crook crooks
    crooked disgusting dimwit halfwit halfwits nitwit dope dopes buffoon buffoons morally
    sheep sheeple libtard libtards retard retarded trash garbage filth filthy vile sick insane
    crazy nuts lunatic lunatics psycho deplorable deplorables snowflake snowflakes fuck fucking
    fucked shit shitty crap crappy damn damned hell ass asses asshole assholes bitch bitches
    bastard bastards piss pissed dick dicks cock pussy whore whores slut sluts hateful""".split()  # noqa: SIM905
)


def _spans_by_annotation(path: Path) -> dict[str, list[tuple[str, int, int]]]:
    spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kind = _TYPE_FIXES.get(row["type"], row["type"])
            if kind not in SPAN_TYPES:
                kind = "Other Toxicity"
            try:
                start, end = int(row["start"]), int(row["end"])
            except ValueError:
                continue
            spans[row["annotation"]].append((kind, start, end))
    return spans


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, stripped of surrounding blanks."""
    for match in SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            yield start, end


def load(data_dir: str) -> Iterator[Example]:
    directory = Path(data_dir) / SOURCE_SET / "original"
    with (directory / "comments.csv").open(encoding="utf-8", newline="") as handle:
        texts = {row["comment_id"]: row["comment_text"] for row in csv.DictReader(handle)}
    spans = _spans_by_annotation(directory / "spans.csv")
    # post id -> list of (all_toxic tick, spans) per informative rater
    raters: dict[str, list[tuple[bool, list[tuple[str, int, int]]]]] = defaultdict(list)
    with (directory / "annotations.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            marked = spans.get(row["annotation"], [])
            all_toxic, not_toxic = row["all toxic"] == "True", row["not toxic"] == "True"
            if all_toxic and not_toxic and not marked:
                continue  # uninformative (see the module docstring)
            raters[row["comment_id"]].append((all_toxic and not marked, marked))
    for post_id in sorted(raters, key=lambda p: (len(p), p)):
        judged = raters[post_id]
        text = texts.get(post_id)
        if not text or len(judged) < MIN_RATERS or len(judged) > 50:  # 50+: the quiz post
            continue
        n = len(judged)
        any_all_toxic = any(all_toxic for all_toxic, _ in judged)
        for number, (start, end) in enumerate(sentences(text)):
            sentence = text[start:end]
            words = [w.lower() for w in WORD.findall(sentence)]
            if len(words) < MIN_WORDS:
                continue
            k = 0
            k_type: dict[str, int] = defaultdict(int)
            for _, marked in judged:
                hit = {kind for kind, s, e in marked if s < end and e > start}
                k += bool(hit)
                for kind in hit:
                    k_type[kind] += 1
            labels: dict[str, int] = {}
            if k == 0:
                if any_all_toxic or any(w in DOUBTFUL_WORDS for w in words):
                    continue
                labels = dict.fromkeys(CLEAN_CATEGORIES, 0)
                should_reject = 0
            elif k / n >= 0.5:
                should_reject = 1
                for kind, categories in SPAN_TYPES.items():
                    value = 1 if k_type[kind] / n >= 0.5 else 0 if k_type[kind] == 0 else None
                    if value is not None:
                        for category in categories:
                            labels[category] = max(labels.get(category, 0), value)
            else:
                continue
            yield Example(
                text=sentence,
                lang="en",
                split=split_for(SOURCE_SET, post_id),
                labels=labels,
                should_reject=should_reject,
                source_id=f"{post_id}:{number}",
            )


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.PERMISSIVE,
    languages=("en",),
    categories=("profanity", "vulgarity", "threat", "personal_attack", "abuse"),
    domain="news comment sentences (Civil Comments, from ToxicSpans spans)",
    load=load,
    notes=(
        "Derived from civil_comments_toxic_spans' raw rater files: unmarked sentences are clean "
        "in-domain negatives, sentences most raters marked are typed positives."
    ),
)
