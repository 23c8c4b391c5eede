from __future__ import annotations

import re
import unicodedata

from majlis.moderation.checks.base import CheckContext, CheckResult, Span
from majlis.moderation.constants import Category

PROMOTION = Category.PROMOTION.value

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
_PHONE = re.compile(r"(?<![\w/])\+?\d[\d \t().\-]{6,}\d(?![\w/])")
_MESSENGER_LINK = re.compile(
    r"(?:https?://)?(?:wa\.me|api\.whatsapp\.com|chat\.whatsapp\.com|t\.me|telegram\.me)/\S+",
    re.IGNORECASE,
)
_MESSENGER_WORD = re.compile(
    r"\b(?:whats\s?app|telegram|viber|signal|imo|واتساب|واتس\s?اب|تلگرام|تلغرام|تيليجرام|وایبر)\b",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,}")
_LINK = re.compile(
    r"https?://\S+|www\.\S+|\b[a-z0-9-]+\.(?:com|net|org|io|biz|info|shop|store|xyz|online|site|ly)"
    r"\b(?:/\S*)?",
    re.IGNORECASE,
)

# Contact details invite off-site business: near-certain promotion. A bare link may be a source.
SCORE_CONTACT = 0.95
SCORE_MESSENGER_MENTION = 0.5
SCORE_HANDLE = 0.3
SCORE_LINK = 0.4
SCORE_MANY_LINKS = 0.8


def _ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as ASCII, one character for one, so offsets hold."""
    out = []
    for char in text:
        if char.isdigit() and not char.isascii():
            out.append(str(unicodedata.digit(char, 0)))
        else:
            out.append(char)
    return "".join(out)


class ContactDetailsCheck:
    """Scores promotion from phone numbers, e-mail addresses, messenger handles and links."""

    timeout_seconds: float | None = None

    def check(self, ctx: CheckContext) -> CheckResult:
        text = _ascii_digits(ctx.text)
        spans: list[Span] = []
        found: dict[str, list[str]] = {}

        def add(kind: str, match: re.Match[str], weight: float) -> None:
            spans.append(Span(match.start(), match.end(), PROMOTION, weight))
            found.setdefault(kind, []).append(match.group())

        emails = list(_EMAIL.finditer(text))
        for match in emails:
            add("email", match, SCORE_CONTACT)
        for match in _PHONE.finditer(text):
            digits = sum(char.isdigit() for char in match.group())
            if 8 <= digits <= 15:
                add("phone", match, SCORE_CONTACT)
        for match in _MESSENGER_LINK.finditer(text):
            add("messenger_link", match, SCORE_CONTACT)
        messenger_words = list(_MESSENGER_WORD.finditer(text))
        handles = [
            m
            for m in _HANDLE.finditer(text)
            if not any(e.start() <= m.start() < e.end() for e in emails)
        ]
        for match in messenger_words:
            weight = SCORE_CONTACT if handles or "phone" in found else SCORE_MESSENGER_MENTION
            add("messenger", match, weight)
        for match in handles:
            add("handle", match, SCORE_CONTACT if messenger_words else SCORE_HANDLE)
        covered = [(s.start, s.end) for s in spans]
        links = [
            m
            for m in _LINK.finditer(text)
            if not any(start <= m.start() < end for start, end in covered)
        ]
        for match in links:
            add("link", match, SCORE_MANY_LINKS if len(links) >= 3 else SCORE_LINK)

        if not spans:
            return CheckResult(scores={PROMOTION: 0.0})
        return CheckResult(
            scores={PROMOTION: max(span.weight for span in spans)},
            spans=sorted(spans, key=lambda span: span.start),
            details={"found": found},
        )
