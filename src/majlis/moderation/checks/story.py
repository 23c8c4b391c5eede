from __future__ import annotations

from majlis.moderation.checks.base import CheckContext, CheckResult
from majlis.moderation.constants import HoldReason


class StoryClosedCheck:
    """Holds comments that reached a story after it closed (the API refuses them up front)."""

    timeout_seconds: float | None = None

    def check(self, ctx: CheckContext) -> CheckResult:
        if ctx.comments_open:
            return CheckResult()
        return CheckResult(flags=[HoldReason.STORY_CLOSED.value])
