"""Bive Sorani "words unsuitable for children" list (CC BY-NC 4.0): a lexicon, evaluation only.

The list mixes sexual profanity and insults with ordinary news vocabulary (kill, ISIS, weapons,
gay). It is scored as one-entry "comments" in two groups the project chose by hand, from the
words' dictionary meanings (not by a native-speaker panel):

- ``VULGAR``: unambiguous sexual profanity and vulgar insults, should be rejected on their own;
- ``NEWS_OR_NEUTRAL``: news and identity vocabulary that must never be rejected on its own;

every other entry (mild or context-dependent insults such as "donkey", "stupid") is unlabelled.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "ckb-bive-badwords"

NEWS_OR_NEUTRAL: frozenset[str] = frozenset(
    {
        "تیرۆر", "کووشتن", "كووشتن", "کوشتن", "كوشتن", "کوژرا", "کووژرا", "کووژراوە", "کوژراوە",
        "خۆکوشتن", "خۆکووشتن", "ژن کوشتن", "ژن کوژی", "ژنکوژ", "ژنكوژ", "ژن کوژ",
        "داعش", "تاڵیبان", "تالیبان", "دەوڵەتی ئیسلامی", "جهاد", "جیهاد", "بنلادن",
        "دەرمان", "ماددەی هۆشبەر", "حەشیش", "چەک", "چەك", "دەمانچە", "کلاشینکۆف", "کلاشینکۆڤ",
        "قومار", "بریندار", "خۆبریندارکردن", "دەستدرێژی", "لاقەکردن", "شەڕەف",
        "گەی", "لێزبیان", "سێکس", "سێکسی", "سێكسی",
    }
)  # fmt: skip

VULGAR: frozenset[str] = frozenset(
    {
        "گانكەر", "گان", "گاندەر", "گانکەر", "گانکردن", "گاندان", "گایین", "گایراو",
        "قوندەر", "قووندەر", "قنگەر", "قنگدەر", "قوزمژ", "کوزلێس", "قوزلێس", "کوزپەرست",
        "فەک", "فاک", "کێر", "كێر", "کیر", "كیر", "کێرەکان", "کیرەکان", "کێرخۆر", "کێرخۆرە",
        "کێرمژ", "کێریش", "قەحبە", "قەحپە", "قەحبەژن", "قەحبەژنە", "قەحبە ژن", "دەڵەسەگ",
        "دێڵەسەگ", "سۆزانی", "جندە", "حیز", "دایک حیز", "دایك حیز", "داک حیز", "دایکحیز",
        "باوک حیز", "باوك حیز", "باوەحیز", "دایەحیز", "حیز باب", "حیزباب", "حیزەکەی", "ملحیز",
        "ملحیزەکان", "مل حیز", "قۆڵتڕ", "سەگباب", "گووخۆر", "گوو خۆر", "گو خۆر", "گوخۆر",
        "گو بخۆ", "گوو بخۆ", "گووبخۆ", "گوبخۆ", "گبخۆ", "گەواد", "گەوواد", "گەووادە", "دەیووس",
        "دەییووس", "داکت بگیەم", "کوزی دایکی", "قوز", "کوز", "قوون", "قون", "قنگ", "بمژە",
        "گوو بەڕیش", "گوو بە ڕیش", "بێشەرەف", "بێ شەرەف", "بێ نامووس", "بێنامووس", "بێ ناموس",
        "زۆڵ", "داوێنپیس", "شەروالپیس", "شەواڵپیس",
    }
)  # fmt: skip


def load(data_dir: str) -> Iterator[Example]:
    path = Path(data_dir) / NAME / "Kurdish_Bad_Words.txt"
    seen: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if not entry or entry in seen:
            continue
        seen.add(entry)
        if entry in VULGAR:
            label: int | None = 1
        elif entry in NEWS_OR_NEUTRAL:
            label = 0
        else:
            label = None
        yield Example(
            text=entry,
            lang="ckb",
            split="test",
            labels={"profanity": label} if label is not None else {},
            should_reject=label,
            source_id=entry,
        )


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.NON_COMMERCIAL,
    languages=("ckb",),
    categories=("profanity",),
    domain="lexicon",
    load=load,
    notes=(
        "Single words/phrases, not comments. should_reject = profanity = 1 for hand-picked "
        "unambiguous vulgar entries, 0 for news/identity vocabulary (kill, ISIS, weapon, gay, "
        "sex) that must not be rejected; other entries unlabelled. Grouping by the project from "
        "dictionary meanings, not native-speaker adjudication."
    ),
)
