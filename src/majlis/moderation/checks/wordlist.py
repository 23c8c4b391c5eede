from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from majlis.moderation.checks.base import CheckContext, CheckResult, Span
from majlis.moderation.constants import CATEGORY_CODES

DEFAULT_WORDLIST = Path(__file__).resolve().parent.parent / "data" / "wordlist_en.txt"
SCORE_MATCH = 0.97

# Characters people swap in for letters to slip past filters.
_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "i",
        "€": "e",
    }
)
_MASK = "*#"
_TOKEN = re.compile(r"\S+")
_STRETCH = re.compile(r"(.)\1{2,}")


@dataclass(frozen=True)
class WordList:
    exact: dict[str, str]
    prefixes: dict[str, str]

    @classmethod
    def from_file(cls, path: Path) -> WordList:
        exact: dict[str, str] = {}
        prefixes: dict[str, str] = {}
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            category, word = line.split(maxsplit=1)
            if category not in CATEGORY_CODES:
                raise ValueError(f"{path}: unknown category {category!r}")
            if word.endswith("*"):
                prefixes[word[:-1].casefold()] = category
            else:
                exact[word.casefold()] = category
        return cls(exact=exact, prefixes=prefixes)

    def category_of(self, word: str) -> str | None:
        if word in self.exact:
            return self.exact[word]
        for stem, category in self.prefixes.items():
            if word.startswith(stem):
                return category
        return None

    def category_of_masked(self, pattern: str) -> str | None:
        """``f*ck`` / ``sh**`` : masks stand for 1-3 letters; at least two real letters needed."""
        if sum(char.isalpha() for char in pattern) < 2:
            return None
        regex = re.compile(
            "".join("[a-z]{1,3}" if char in _MASK else re.escape(char) for char in pattern)
        )
        for word, category in self.exact.items():
            if regex.fullmatch(word):
                return category
        # A stem matches when the stem plus some ending of the pattern's last literal part
        # fits: "f*cking" = "fuck" + "ing".
        tail = re.split(f"[{re.escape(_MASK)}]", pattern)[-1]
        endings = [tail[cut:] for cut in range(len(tail) + 1)]
        for stem, category in self.prefixes.items():
            if any(regex.fullmatch(stem + ending) for ending in endings):
                return category
        return None


@cache
def _load(path: Path) -> WordList:
    return WordList.from_file(path)


def fold(token: str) -> str:
    """Undo the usual obfuscations of one whitespace-separated token."""
    lowered = token.casefold()
    if any(char.isalpha() for char in lowered):
        lowered = lowered.translate(_LEET)
    return "".join(char for char in lowered if char.isalpha() or char in _MASK).strip(_MASK)


def _candidates(folded: str) -> list[str]:
    forms = [folded]
    if _STRETCH.search(folded):
        forms.append(_STRETCH.sub(r"\1", folded))
        forms.append(_STRETCH.sub(r"\1\1", folded))
    return forms


class WordListCheck:
    """Finds profanity and vulgarity from a word list, seeing through common obfuscations."""

    timeout_seconds: float | None = None
    wordlist_path: Path = DEFAULT_WORDLIST

    def check(self, ctx: CheckContext) -> CheckResult:
        words = _load(self.wordlist_path)
        tokens = [(m.start(), m.end(), fold(m.group())) for m in _TOKEN.finditer(ctx.text)]
        spans: list[Span] = []
        matched: list[str] = []

        def match_form(form: str) -> str | None:
            if not form:
                return None
            if any(char in _MASK for char in form):
                return words.category_of_masked(form)
            for candidate in _candidates(form):
                category = words.category_of(candidate)
                if category:
                    return category
            return None

        index = 0
        while index < len(tokens):
            # "f u c k": a run of single letters spelled out as one word.
            run_end = index
            while run_end < len(tokens) and len(tokens[run_end][2]) == 1:
                run_end += 1
            if run_end - index >= 3:
                joined = "".join(token[2] for token in tokens[index:run_end])
                category = match_form(joined)
                if category:
                    spans.append(Span(tokens[index][0], tokens[run_end - 1][1], category))
                    matched.append(joined)
                index = run_end
                continue
            start, end, form = tokens[index]
            category = match_form(form)
            if category:
                spans.append(Span(start, end, category))
                matched.append(form)
            index += 1

        scores = {span.category: SCORE_MATCH for span in spans}
        return CheckResult(scores=scores, spans=spans, details={"matched": matched})
