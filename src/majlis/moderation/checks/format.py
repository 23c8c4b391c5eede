from __future__ import annotations

import re

from majlis.moderation.checks.base import CheckContext, CheckResult
from majlis.moderation.constants import HoldReason

_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_REPEATED_CHAR = re.compile(r"(.)\1{9,}", re.DOTALL)


class LengthFormatCheck:
    """Flags comments whose shape, not words, needs a human: empty, over-long, shouting, noise."""

    timeout_seconds: float | None = None

    def check(self, ctx: CheckContext) -> CheckResult:
        text = ctx.text
        problems: list[str] = []
        letters = _LETTER.findall(text)
        if not text.strip():
            problems.append("empty")
        if len(text) > ctx.max_length:
            problems.append("too_long")
        if text.strip() and len(letters) < max(1, len(text.strip()) // 4):
            problems.append("mostly_symbols")
        upper = sum(1 for char in letters if char.isupper())
        if len(letters) >= 20 and upper / len(letters) > 0.7:
            problems.append("shouting")
        if _REPEATED_CHAR.search(text):
            problems.append("repeated_characters")
        flags = [HoldReason.NEEDS_REVIEW.value] if problems else []
        return CheckResult(flags=flags, details={"problems": problems, "length": len(text)})
