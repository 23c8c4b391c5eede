from __future__ import annotations

from majlis.moderation.checks.base import CheckContext, CheckResult
from majlis.moderation.constants import HoldReason

# Short stock replies ("I agree.") are legitimately repeated by different readers.
MIN_LENGTH_ACROSS_AUTHORS = 30


class RepeatPostCheck:
    """Flags a text already posted by the same author, or pasted by anyone under another story."""

    timeout_seconds: float | None = None

    def check(self, ctx: CheckContext) -> CheckResult:
        by_same_author = [c.comment_id for c in ctx.same_text_comments if c.same_author]
        elsewhere = [
            c.comment_id
            for c in ctx.same_text_comments
            if not c.same_author and c.story_id != ctx.story_id
        ]
        if len(ctx.text.strip()) < MIN_LENGTH_ACROSS_AUTHORS:
            elsewhere = []
        if not by_same_author and not elsewhere:
            return CheckResult()
        return CheckResult(
            flags=[HoldReason.REPEAT_POST.value],
            details={"same_author": by_same_author, "other_stories": elsewhere},
        )
