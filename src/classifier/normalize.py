"""Normalisation that defeats the usual evasions while keeping an offset map to the original.

Order of steps (each keeps, for every output character, the index of its source character):

1. ``classifier.scripts.fold_text``: case, Cyrillic/Greek/full-width look-alikes, diacritics,
   Arabic-script letter variants, tatweel, zero-width characters.
2. URLs and e-mail addresses are protected from the next steps (their digits are not leetspeak);
   elsewhere runs of 3+ identical letters become one ("fuuuck", "sooo").
3. Letters spelled out with one repeated separator ("f u c k", "f.u.c.k", "f-u-c-k") are joined.
4. Leetspeak *inside* words ("sh1t", "b!tch", "a$$"): a digit or symbol becomes a letter only
   between letters (or ``$`` after a letter), so "covid19", "g20", "2nd" and "$100" are untouched.
5. Masked swear words ("f*ck", "sh#t") are restored when exactly one known word fits the mask.

Nothing here matches substrings of words, so innocent words ("Scunthorpe", "cockpit", "class",
"Assad") come out unchanged; deciding what is rude is the model's job, on whole tokens.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from classifier.scripts import fold_char, fold_text

URL_OR_EMAIL: Final = re.compile(
    r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+\.(?:com|net|org|ly|io|co|info|biz)"
    r"(?:/\S*)?",
)
# 3+ single letters separated by one repeated separator: "f u c k", "f.u.c.k", "u.s.a".
SPACED_LETTERS: Final = re.compile(
    r"(?<![^\W\d_])[^\W\d_](?P<sep>[ .\-_*+/|~])(?:[^\W\d_](?P=sep)){1,}[^\W\d_](?![^\W\d_])"
)
LEET: Final[dict[str, str]] = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
}
MASK_CHARS: Final = frozenset("*#%")
# English words people mask with symbols; a masked token is restored only to a unique match.
MASKABLE_WORDS: Final[tuple[str, ...]] = (
    "fuck", "fucking", "fucked", "fucker", "fuckers", "fucks", "motherfucker", "shit", "shits",
    "shitty", "bullshit", "bitch", "bitches", "bastard", "asshole", "assholes", "ass", "cunt",
    "cunts", "dick", "dickhead", "damn", "crap", "piss", "pissed", "cock", "whore", "slut",
    "prick", "twat", "wanker", "dumbass", "jackass", "hell", "retard", "retarded", "nigger",
    "faggot", "fag", "idiot", "moron", "stupid",
)  # fmt: skip
_MASKABLE_BY_LENGTH: Final[dict[int, tuple[str, ...]]] = {}
for _word in MASKABLE_WORDS:
    _MASKABLE_BY_LENGTH[len(_word)] = (*_MASKABLE_BY_LENGTH.get(len(_word), ()), _word)
_MASKED_TOKEN: Final = re.compile(r"[^\W\d_]*[*#%]+[^\W\d_*#%]*(?:[*#%]+[^\W\d_*#%]*)*")


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, for each of its characters, its index in the original text."""

    text: str
    offsets: Sequence[int]  # a ``range`` when every character maps to itself

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The smallest span of the original text covering normalised ``[start, end)``."""
        if start >= end or not self.offsets:
            return (0, 0)
        return (self.offsets[start], self.offsets[end - 1] + 1)


def normalize(text: str) -> Normalized:
    folded_text, offsets = _fold(text)
    # cheap searches decide whether any step below has work to do (most comments: none)
    if not _may_evade(folded_text):
        return Normalized(folded_text, offsets)
    chars = list(folded_text)
    protected = [False] * len(chars)
    if _URL_OR_EMAIL_HINT.search(folded_text):
        for match in URL_OR_EMAIL.finditer(folded_text):
            protected[match.start() : match.end()] = [True] * (match.end() - match.start())
    if _ELONGATION.search(folded_text):
        chars, offsets, protected = _squeeze_elongations(chars, offsets, protected)
    if SPACED_LETTERS.search(folded_text):
        chars, offsets, protected = _join_spaced_letters(chars, offsets, protected)
    if _LEET_CANDIDATE.search(folded_text):
        _map_leetspeak(chars, protected)
    if _MASK_CANDIDATE.search(folded_text):
        _unmask(chars, protected)
    return Normalized("".join(chars), offsets)


_ELONGATION: Final = re.compile(r"([^\W\d_])\1\1")
_ELONGATION_RUN: Final = re.compile(r"([^\W\d_])\1{2,}")
_LEET_CANDIDATE: Final = re.compile(r"[^\W\d_][0-9@$!|]")
_MASK_CANDIDATE: Final = re.compile(r"[*#%]")
# The gate of ``normalize``: true whenever one of the steps below could change the text (it may
# say yes when none does; never no when one would). A pattern that tries ``[^\W\d_]`` at every
# position costs ~60 µs on a 400-character comment, so the leet and mask test scans only for
# the rare symbols and looks around each hit ("great!" or "2020" alone changes nothing).
_LEET_OR_MASK_CHAR: Final = re.compile(r"[0-9@$!|*#%]")
_LEET_AFTER_LETTER: Final = re.compile(r"[0-9@$!|]+[^\W\d_]|\$|[*#%]")
_TRIPLE: Final = re.compile(r"(.)\1\1")
# cheap test for "might hold a URL or e-mail address" (a superset of URL_OR_EMAIL's matches)
_URL_OR_EMAIL_HINT: Final = re.compile(r"https?://|www\.|@|\.(?:com|net|org|ly|io|co|info|biz)")


def _may_evade(text: str) -> bool:
    for match in _LEET_OR_MASK_CHAR.finditer(text):
        i = match.start()
        # a leet run or a mask right after a letter, or a mask right before one
        if i and _is_letter(text[i - 1]) and _LEET_AFTER_LETTER.match(text, i):
            return True
        if text[i] in MASK_CHARS and i + 1 < len(text) and _is_letter(text[i + 1]):
            return True
    if SPACED_LETTERS.search(text):
        return True
    return any(_is_letter(m[1]) for m in _TRIPLE.finditer(text))


def _is_letter(ch: str) -> bool:
    r"""``[^\W\d_]`` of ``re``: alphanumeric but not a decimal digit."""
    return ch.isalnum() and not ch.isdecimal()


# str.translate table: ASCII upper case -> lower case, plus every non-ASCII character seen so far
# mapped through ``classifier.scripts.fold_char`` (filled lazily; bounded by the alphabet used).
_FOLD_TABLE: dict[int, str] = {c: chr(c).lower() for c in range(ord("A"), ord("Z") + 1)}


def _fold(text: str) -> tuple[str, Sequence[int]]:
    """``scripts.fold_text`` with a fast path when every character folds to exactly one."""
    if text.isascii():  # the table maps only A-Z there: lower() does the same, ~8x faster
        return text.lower(), range(len(text))
    for ch in set(text):
        if ord(ch) >= 128 and ord(ch) not in _FOLD_TABLE:
            _FOLD_TABLE[ord(ch)] = fold_char(ch)
    if any(len(_FOLD_TABLE[ord(ch)]) != 1 for ch in set(text) if ord(ch) >= 128):
        folded = fold_text(text, squeeze_elongation=False)
        return folded.text, list(folded.offsets)
    return text.translate(_FOLD_TABLE), range(len(text))


def _squeeze_elongations(
    chars: list[str], offsets: Sequence[int], protected: list[bool]
) -> tuple[list[str], Sequence[int], list[bool]]:
    """A run of 3+ identical letters becomes one ("fuuuck", "sooo"); URLs keep their "www"."""
    drop: set[int] = set()
    for match in _ELONGATION_RUN.finditer("".join(chars)):
        if not protected[match.start()]:
            drop.update(range(match.start() + 1, match.end()))
    if not drop:
        return chars, offsets, protected
    keep = [i for i in range(len(chars)) if i not in drop]
    return [chars[i] for i in keep], [offsets[i] for i in keep], [protected[i] for i in keep]


def _join_spaced_letters(
    chars: list[str], offsets: Sequence[int], protected: list[bool]
) -> tuple[list[str], Sequence[int], list[bool]]:
    text = "".join(chars)
    drop: set[int] = set()
    for match in SPACED_LETTERS.finditer(text):
        if any(protected[match.start() : match.end()]):
            continue
        drop.update(range(match.start() + 1, match.end(), 2))
    if not drop:
        return chars, offsets, protected
    keep = [i for i in range(len(chars)) if i not in drop]
    return [chars[i] for i in keep], [offsets[i] for i in keep], [protected[i] for i in keep]


def _map_leetspeak(chars: list[str], protected: list[bool]) -> None:
    """Map leet characters in place when they sit inside a word (letters on both sides)."""
    n = len(chars)
    i = 0
    while i < n:
        if chars[i] not in LEET or protected[i] or i == 0 or not chars[i - 1].isalpha():
            i += 1
            continue
        # a run of leet characters right after a letter
        j = i
        while j < n and chars[j] in LEET and not protected[j]:
            j += 1
        followed_by_letter = j < n and chars[j].isalpha()
        run = chars[i:j]
        if followed_by_letter or all(c == "$" for c in run):
            for k in range(i, j):
                chars[k] = LEET[chars[k]]
        i = j


def _unmask(chars: list[str], protected: list[bool]) -> None:
    text = "".join(chars)
    for match in _MASKED_TOKEN.finditer(text):
        token = match.group()
        if any(protected[match.start() : match.end()]) or not any(c.isalpha() for c in token):
            continue
        fits = [
            word
            for word in _MASKABLE_BY_LENGTH.get(len(token), ())
            if all(t in MASK_CHARS or t == w for t, w in zip(token, word, strict=True))
        ]
        if len(fits) == 1:
            for k, letter in enumerate(fits[0]):
                chars[match.start() + k] = letter
