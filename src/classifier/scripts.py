"""Per-script folding for Arabic-script (Arabic, Persian, Kurdish) and Latin-script text.

Folding maps every spelling variant of a letter onto one canonical form so that word lists and
models see one spelling: Arabic/Persian/Kurdish yeh, kaf and heh variants, hamza seats, diacritics
(harakat) and tatweel, zero-width and bidi controls, Arabic-Indic and Persian digits, presentation
forms, and Latin look-alikes (Cyrillic/Greek homoglyphs, Kurdish and Turkish diacritics).

Everything works character by character (``fold_char``), so a caller can build an offset map:
``fold_text`` returns the folded text plus, for each output character, its index in the input;
spans found in folded text map back to the original comment. The folding is deliberately lossy
(for example Sorani ``ە`` and ``ه`` become one letter): it is for matching, never for display.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

# Canonical targets: the Persian/Kurdish forms, because three of our four Arabic-script languages
# use them and the Arabic forms are the ones people type on a foreign keyboard.
YEH: Final = "\u06cc"  # ی
KAF: Final = "\u06a9"  # ک
HEH: Final = "\u0647"  # ه
ALEF: Final = "\u0627"  # ا
WAW: Final = "\u0648"  # و

ARABIC_SCRIPT_FOLD: Final[dict[str, str]] = {
    # yeh family: Arabic yeh, alef maksura, Pashto e. Sorani/Badini ê (ێ) and o (ۆ) stay
    # distinct: they are vowels that tell words apart (Badini کێر "knife" vs کیر "penis").
    "\u064a": YEH,  # ي
    "\u0649": YEH,  # ى
    "\u06d0": YEH,  # ې
    "\u06d2": YEH,  # ے (Urdu yeh barree)
    "\u06cd": YEH,  # ۍ
    # kaf family
    "\u0643": KAF,  # ك
    "\u06aa": KAF,  # ڪ
    # heh family: Sorani ae, heh doachashmee, teh marbuta, heh with yeh, Urdu heh goal
    "\u06d5": HEH,  # ە
    "\u06be": HEH,  # ھ
    "\u0629": HEH,  # ة
    "\u06c0": HEH,  # ۀ
    "\u06c1": HEH,  # ہ
    "\u06c3": HEH,  # ۃ
    # alef with hamza or madda, alef wasla
    "\u0623": ALEF,  # أ
    "\u0625": ALEF,  # إ
    "\u0622": ALEF,  # آ
    "\u0671": ALEF,  # ٱ
    "\u0672": ALEF,
    "\u0673": ALEF,
    # waw family: hamza seat and the Uyghur/Kyrgyz vowels (not Kurdish ۆ, see above)
    "\u0624": WAW,  # ؤ
    "\u06c7": WAW,  # ۇ
    "\u06c8": WAW,  # ۈ
    "\u06cb": WAW,  # ۋ
    # Kurdish velarised l and trilled r: people without a Kurdish keyboard type plain l and r
    "\u06b5": "\u0644",  # ڵ -> ل
    "\u0695": "\u0631",  # ڕ -> ر
    # Arabic punctuation and separators
    "\u060c": ",",  # ،
    "\u061b": ";",  # ؛
    "\u061f": "?",  # ؟
    "\u066a": "%",  # ٪
    "\u066b": ".",  # ٫ decimal separator
    "\u066c": ",",  # ٬ thousands separator
    "\u06d4": ".",  # ۔
}

# Arabic-Indic (U+0660..) and extended/Persian (U+06F0..) digits.
DIGIT_FOLD: Final[dict[str, str]] = {
    **{chr(0x0660 + i): str(i) for i in range(10)},
    **{chr(0x06F0 + i): str(i) for i in range(10)},
}

# Characters that carry no letter: harakat, Quranic marks, tatweel, zero-width and bidi controls.
# ZWNJ separates morphemes inside one Persian/Kurdish word (می‌خوام), never two words, so removing
# it yields the common informal spelling rather than gluing words together.
_REMOVED_RANGES: Final[tuple[tuple[int, int], ...]] = (
    (0x0610, 0x061A),  # Quranic honorifics
    (0x064B, 0x065F),  # harakat: fathatan .. wavy hamza below
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06DC),  # Quranic annotation marks
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x08D3, 0x08FF),  # extended Arabic marks
    (0x0640, 0x0640),  # tatweel
    (0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0x061C, 0x061C),  # Arabic letter mark
    (0x00AD, 0x00AD),  # soft hyphen
    (0xFEFF, 0xFEFF),  # zero-width no-break space / BOM
    (0x034F, 0x034F),  # combining grapheme joiner
    (0xFE00, 0xFE0F),  # variation selectors
)

# Latin look-alikes: Cyrillic and Greek homoglyphs used to dodge word lists, and the Kurdish
# (Hawar and Sorani-Latin) and Turkish letters that people often type without their diacritic.
LATIN_LOOKALIKE_FOLD: Final[dict[str, str]] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "һ": "h", "ԛ": "q", "ԝ": "w", "ү": "y",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ϲ": "c",
    # Kurdish / Turkish letters outside what NFKD strips
    "ı": "i", "ł": "l", "ḧ": "h", "ẍ": "x", "ř": "r", "ß": "ss", "ø": "o", "đ": "d",
}  # fmt: skip


class Script(enum.StrEnum):
    ARABIC = "arabic"
    LATIN = "latin"
    OTHER = "other"  # letters of any other script (Cyrillic, CJK, Hebrew, ...)
    NONE = "none"  # not a letter: digit, punctuation, space, emoji


def _is_removed(code: int) -> bool:
    return any(low <= code <= high for low, high in _REMOVED_RANGES)


def is_arabic_script(ch: str) -> bool:
    """True for any character of the Arabic script blocks (letters, marks, digits, forms)."""
    code = ord(ch)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x0870 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFC
    )


@lru_cache(maxsize=8192)
def script_of(ch: str) -> Script:
    """The script of a letter; ``Script.NONE`` for anything that is not a letter."""
    if not unicodedata.category(ch).startswith("L"):
        return Script.NONE
    if is_arabic_script(ch):
        return Script.ARABIC
    code = ord(ch)
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF or 0x2C60 <= code <= 0x2C7F:
        return Script.LATIN
    return Script.OTHER


@lru_cache(maxsize=16384)
def fold_arabic_script_char(ch: str) -> str:
    """Fold one Arabic-script character: canonical letter, ASCII digit, or "" when it is removed.

    Characters outside the Arabic script (and not invisible controls) come back unchanged.
    Presentation forms (ﻻ, ﺑ, ...) are decomposed first, so the result may be two letters.
    """
    code = ord(ch)
    if _is_removed(code):
        return ""
    if ch in DIGIT_FOLD:
        return DIGIT_FOLD[ch]
    if ch in ARABIC_SCRIPT_FOLD:
        return ARABIC_SCRIPT_FOLD[ch]
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC:
        # presentation forms: NFKC gives the base letters, which are folded in turn
        compat = unicodedata.normalize("NFKC", ch)
        if compat != ch:
            return "".join(fold_arabic_script_char(c) if c != ch else c for c in compat)
    return ch


@lru_cache(maxsize=16384)
def fold_latin_char(ch: str) -> str:
    """Fold one Latin-like character: lower case, homoglyphs to ASCII, diacritics stripped."""
    lowered = ch.lower()
    if len(lowered) != 1:  # "İ".lower() is "i̇": keep only the base letter
        lowered = lowered[0]
    if lowered in LATIN_LOOKALIKE_FOLD:
        return LATIN_LOOKALIKE_FOLD[lowered]
    if script_of(lowered) is not Script.LATIN:
        # full-width forms and mathematical letters (𝐟𝐮𝐜𝐤) become ASCII under NFKC
        compat = unicodedata.normalize("NFKC", lowered)
        if compat != lowered and compat.isascii():
            return compat.lower()
        return lowered
    base = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(c for c in base if not unicodedata.combining(c))
    return stripped or lowered


@lru_cache(maxsize=16384)
def fold_char(ch: str) -> str:
    """Fold one character of any script for matching ("" when the character is dropped)."""
    if is_arabic_script(ch) or _is_removed(ord(ch)):
        return fold_arabic_script_char(ch)
    if unicodedata.category(ch) == "Mn":
        return ""  # stray combining marks (zalgo, detached accents)
    return fold_latin_char(ch)


@dataclass(frozen=True)
class Folded:
    """Folded text and, for each of its characters, the index of its source in the original."""

    text: str
    offsets: list[int]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of folded text to the smallest covering span of the original."""
        if start >= end or not self.offsets:
            return (0, 0)
        return (self.offsets[start], self.offsets[end - 1] + 1)


def fold_text(text: str, *, squeeze_elongation: bool = True) -> Folded:
    """Fold ``text`` character by character, keeping an offset map back to ``text``.

    With ``squeeze_elongation`` a run of three or more identical letters becomes one (زۆۆۆۆر,
    كسسسس, soooo); two stay, because doubled letters are real spelling (Kurdish وو, English "oo").
    """
    out_chars: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(text):
        for folded in fold_char(ch):
            out_chars.append(folded)
            offsets.append(index)
    if squeeze_elongation:
        out_chars, offsets = _squeeze_runs(out_chars, offsets)
    return Folded("".join(out_chars), offsets)


def _squeeze_runs(chars: list[str], offsets: list[int]) -> tuple[list[str], list[int]]:
    kept_chars: list[str] = []
    kept_offsets: list[int] = []
    i = 0
    while i < len(chars):
        j = i
        while j < len(chars) and chars[j] == chars[i]:
            j += 1
        run = j - i
        keep = 1 if run >= 3 and chars[i].isalpha() else run
        kept_chars.extend(chars[i : i + keep])
        kept_offsets.extend(offsets[i : i + keep])
        i = j
    return kept_chars, kept_offsets


def fold(text: str) -> str:
    """The folded text alone (for word lists and model features)."""
    return fold_text(text).text


@dataclass(frozen=True)
class ScriptProfile:
    """How many letters of each script a text has."""

    arabic: int
    latin: int
    other: int

    @property
    def letters(self) -> int:
        return self.arabic + self.latin + self.other

    @property
    def dominant(self) -> Script:
        if self.letters == 0:
            return Script.NONE
        counts = {Script.ARABIC: self.arabic, Script.LATIN: self.latin, Script.OTHER: self.other}
        return max(counts, key=lambda script: counts[script])

    @property
    def is_mixed(self) -> bool:
        """Two scripts each hold at least a fifth of the letters."""
        if self.letters == 0:
            return False
        shares = sorted((self.arabic, self.latin, self.other), reverse=True)
        return shares[1] / self.letters >= 0.2


def script_profile(text: str) -> ScriptProfile:
    arabic = latin = other = 0
    for ch in text:
        script = script_of(ch)
        if script is Script.ARABIC:
            arabic += 1
        elif script is Script.LATIN:
            latin += 1
        elif script is Script.OTHER:
            other += 1
    return ScriptProfile(arabic=arabic, latin=latin, other=other)
