"""What a moderation check receives and returns.

A check is a small class with one method, ``check(ctx) -> CheckResult``. A check with a model
behind it may also offer ``check_batch(ctxs) -> list[CheckResult]`` (one result per context, in
order), which the background worker uses to score many comments in one call. Checks run in worker
threads with a time budget, so they must not touch the database: everything they need from it is
read beforehand into the :class:`CheckContext`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class RelatedComment:
    """Another stored comment with the same folded text (for repeat-post detection)."""

    comment_id: int
    story_id: int
    same_author: bool


@dataclass(frozen=True)
class CheckContext:
    comment_id: int | None
    text: str
    author_name: str
    author_email: str
    story_id: int
    story_title: str
    story_body: str
    story_language: str
    comments_open: bool
    max_length: int
    same_text_comments: tuple[RelatedComment, ...] = ()
    # A second pass over a held comment that adds what the first left for later
    # (``relevance_pending``, ``semantic_pending``): checks score everything.
    rescore: bool = False


@dataclass
class Span:
    start: int
    end: int
    category: str
    weight: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "category": self.category,
            "weight": round(self.weight, 4),
        }


@dataclass
class CheckResult:
    """Signals from one check: scores per category in [0, 1], spans, hold flags, details."""

    scores: dict[str, float] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    abuse_target: dict[str, float] = field(default_factory=dict)
    language: str | None = None
    language_confidence: float | None = None
    model_version: str | None = None


class Check(Protocol):
    #: Seconds the check may take before the comment is held as ``unscored``; None = default.
    timeout_seconds: float | None

    def check(self, ctx: CheckContext) -> CheckResult: ...
