"""Moderation checks that fail on purpose, to prove a broken check never loses or publishes."""

from __future__ import annotations

import time

from majlis.moderation.checks.base import CheckContext, CheckResult


class RaisingCheck:
    timeout_seconds: float | None = None

    def check(self, ctx: CheckContext) -> CheckResult:
        raise RuntimeError("classifier artifact is corrupt (injected fault)")


class HangingCheck:
    # Short budget so the test is quick; the pipeline must abandon the thread, not wait for it.
    timeout_seconds: float | None = 0.5

    def check(self, ctx: CheckContext) -> CheckResult:
        time.sleep(30)
        return CheckResult()


class CleanUnlessMarkedCheck:
    """Scores a comment clean (so the ``auto`` policy publishes it) unless its text says "hold".

    Stands in for a confident classifier under load, so that some comments are published by the
    system and the test can prove that each of those went through every configured check.
    """

    timeout_seconds: float | None = None

    def check(self, ctx: CheckContext) -> CheckResult:
        doubtful = 0.5 if "hold" in ctx.text else 0.0
        return CheckResult(
            scores={
                "off_topic": 0.0,
                "profanity": 0.0,
                "vulgarity": 0.0,
                "threat": 0.0,
                "personal_attack": 0.0,
                "abuse": 0.0,
                "promotion": doubtful,
            }
        )
