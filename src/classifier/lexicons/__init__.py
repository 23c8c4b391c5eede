"""The project's own lists of unambiguous profanity, vulgarity, slurs and addressed insults, one
file per language. The classifier raises a category's score when one of its terms is found
(``classifier.model``), and shows the term as a span.

File format (``<lang>.txt``, UTF-8): ``term<TAB>category`` per line, ``#`` starts a comment.
``category`` is ``profanity``, ``vulgarity``, ``personal_attack`` (insults addressed to someone:
"يا كلب", not "كلب") or ``abuse:<target>`` (``classifier.labels``).
A term may hold several words; ``*`` at its end matches any word that starts with it (Kurdish,
Arabic and Persian attach suffixes: قەحبەکە, قەحبەیە). Terms are folded with
``classifier.scripts.fold`` when loaded, so the files may be written in any spelling, and so are
the texts searched: tatweel, harakat, ZWNJ, Arabic/Persian letter variants, homoglyphs,
diacritics and elongation do not hide a word.

Ambiguous news vocabulary (kill, attack, bomb, ISIS, army, infidel, dog, donkey ...) is left out on
purpose: these lists must never be the reason a news comment is rejected. So are words that fold
into an innocent word of another of our languages (Kurmanji ``kîr`` folds into ``kir`` "did").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from classifier.labels import ABUSE_TARGETS, CATEGORIES
from classifier.scripts import Folded, fold, fold_text

LEXICON_DIR: Final = Path(__file__).parent
LEXICON_LANGUAGES: Final[tuple[str, ...]] = ("ckb", "kmr", "ar", "fa", "tr")
_WORD = re.compile(r"\w+")
# Arabic-script proclitics written onto the next word (والشرموطة, بالكلب): a word is also looked
# up without them. Longest first; the rest must keep three letters.
_PROCLITICS: Final = ("وال", "بال", "فال", "لل", "ال", "و")


@dataclass(frozen=True)
class LexiconEntry:
    words: tuple[str, ...]  # folded
    category: str
    abuse_target: str | None
    prefix: bool  # the last word matches any word starting with it
    source: str  # the line as written

    @property
    def term(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class LexiconMatch:
    start: int  # offsets into the ORIGINAL text, half-open
    end: int
    category: str
    abuse_target: str | None
    entry: LexiconEntry


def parse_line(line: str, *, where: str = "") -> LexiconEntry | None:
    content = line.split("#", 1)[0].strip()
    if not content:
        return None
    try:
        raw_term, raw_category = (part.strip() for part in content.split("\t"))
    except ValueError:
        raise ValueError(f"{where}: expected 'term<TAB>category', got {line!r}") from None
    category, _, target = raw_category.partition(":")
    if category not in CATEGORIES or (category == "abuse") != bool(target):
        raise ValueError(f"{where}: bad category {raw_category!r}")
    if target and target not in ABUSE_TARGETS:
        raise ValueError(f"{where}: bad abuse target {target!r}")
    prefix = raw_term.endswith("*")
    words = tuple(_WORD.findall(fold(raw_term.rstrip("*"))))
    if not words:
        raise ValueError(f"{where}: empty term in {line!r}")
    return LexiconEntry(words, category, target or None, prefix, raw_term)


class Lexicon:
    """All entries of one or more languages, searchable in any text."""

    def __init__(self, entries: list[LexiconEntry]) -> None:
        self.entries = entries
        self._exact: dict[str, list[LexiconEntry]] = {}
        # One-word prefix entries by their first letter: a word is compared only with those
        # that can start it (hundreds of entries, several forms of every word).
        self._prefixes: dict[str, list[LexiconEntry]] = {}
        for entry in entries:
            if entry.prefix and len(entry.words) == 1:
                self._prefixes.setdefault(entry.words[0][0], []).append(entry)
            else:
                self._exact.setdefault(entry.words[0], []).append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str) -> list[LexiconMatch]:
        """Every entry found in ``text``, with spans into ``text`` itself."""
        folded = fold_text(text)
        tokens = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded.text)]
        words = [token for token, _, _ in tokens]
        matches: list[LexiconMatch] = []
        for i in range(len(words)):
            found: set[int] = set()
            for form in _forms(words[i]):
                exact = self._exact.get(form, ())
                candidate = [*words[:i], form, *words[i + 1 :]] if exact else words
                for entry in exact:
                    if id(entry) not in found and self._matches_at(entry, candidate, i):
                        found.add(id(entry))
                        last = i + len(entry.words) - 1
                        matches.append(self._match(folded, tokens, i, last, entry))
                for entry in self._prefixes.get(form[:1], ()):
                    if id(entry) not in found and form.startswith(entry.words[0]):
                        found.add(id(entry))
                        matches.append(self._match(folded, tokens, i, i, entry))
        return matches

    @staticmethod
    def _matches_at(entry: LexiconEntry, words: list[str], i: int) -> bool:
        n = len(entry.words)
        if i + n > len(words):
            return False
        if entry.prefix:
            return tuple(words[i : i + n - 1]) == entry.words[:-1] and words[i + n - 1].startswith(
                entry.words[-1]
            )
        return tuple(words[i : i + n]) == entry.words

    @staticmethod
    def _match(
        folded: Folded,
        tokens: list[tuple[str, int, int]],
        first: int,
        last: int,
        entry: LexiconEntry,
    ) -> LexiconMatch:
        start, end = folded.span_to_original(tokens[first][1], tokens[last][2])
        return LexiconMatch(start, end, entry.category, entry.abuse_target, entry)


def _forms(word: str) -> list[str]:
    forms = [word]
    for proclitic in _PROCLITICS:
        if word.startswith(proclitic) and len(word) - len(proclitic) >= 3:
            forms.append(word[len(proclitic) :])
    return forms


def load_entries(lang: str) -> list[LexiconEntry]:
    path = LEXICON_DIR / f"{lang}.txt"
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = parse_line(line, where=f"{path.name}:{number}")
        if entry is not None:
            entries.append(entry)
    return entries


@lru_cache(maxsize=16)
def load_lexicon(lang: str) -> Lexicon:
    """The lexicon of one language (``ckb`` holds both of Sorani's scripts)."""
    if lang not in LEXICON_LANGUAGES:
        raise KeyError(f"no lexicon for {lang!r}; have {', '.join(LEXICON_LANGUAGES)}")
    return Lexicon(load_entries(lang))


@lru_cache(maxsize=1)
def load_all() -> Lexicon:
    """Every language's entries together (for text whose language is unknown)."""
    return Lexicon([entry for lang in LEXICON_LANGUAGES for entry in load_entries(lang)])
