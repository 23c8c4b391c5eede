"""Runs every configured check on a comment and merges their signals.

The checks run one after the other on a reused daemon thread of this process (never in the
caller's thread, so a hung check cannot hang the request), each within its own time budget. One
that raises or overruns adds the ``unscored`` flag and the others still run: after an overrun
the thread is abandoned (never waited for) and the remaining checks go to another thread.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from majlis.comments.models import Comment
from majlis.moderation.checks.base import Check, CheckContext, CheckResult, RelatedComment
from majlis.moderation.constants import CATEGORY_CODES, HoldReason

logger = logging.getLogger(__name__)

RELATED_COMMENTS_LIMIT = 50


@dataclass
class PipelineResult:
    scores: dict[str, float] = field(default_factory=dict)
    spans: list[dict[str, Any]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    abuse_target: dict[str, float] = field(default_factory=dict)
    signals: dict[str, dict[str, Any]] = field(default_factory=dict)
    language: str | None = None
    language_confidence: float | None = None
    model_versions: list[str] = field(default_factory=list)

    @property
    def model_version(self) -> str:
        return ",".join(self.model_versions)


@cache
def _check_class(path: str) -> type:
    return import_string(path)  # type: ignore[no-any-return]


def configured_checks() -> list[tuple[str, Check]]:
    """Fresh instances of the checks in ``settings.MAJLIS_MODERATION_CHECKS``, in order."""
    checks = []
    for path in settings.MAJLIS_MODERATION_CHECKS:
        checks.append((path.rsplit(".", 1)[-1], _check_class(path)()))
    return checks


def checks_warm_up() -> None:
    """Let checks load their models before the first comment (called once per server process).

    A check that fails to warm up is only logged: it will fail on its first comment too, which
    then waits for a human as ``unscored``.
    """
    for name, check in configured_checks():
        warm_up = getattr(check, "warm_up", None)
        if callable(warm_up):
            try:
                warm_up()
            except Exception:
                logger.exception("moderation check %s could not warm up", name)


def context_build(*, comment: Comment) -> CheckContext:
    """Everything the checks may need from the database, read before they run."""
    story = comment.story
    same_text = (
        Comment.objects.filter(text_digest=comment.text_digest)
        .exclude(pk=comment.pk)
        .order_by("-created_at")
        .values_list("pk", "story_id", "author_email")[:RELATED_COMMENTS_LIMIT]
    )
    email = comment.author_email.casefold()
    return CheckContext(
        comment_id=comment.pk,
        text=comment.text,
        author_name=comment.author_name,
        author_email=comment.author_email,
        story_id=story.pk,
        story_title=story.title,
        story_body=story.body,
        story_language=story.language,
        comments_open=story.comments_open,
        max_length=settings.MAJLIS_COMMENT_MAX_LENGTH,
        same_text_comments=tuple(
            RelatedComment(comment_id=pk, story_id=story_id, same_author=other.casefold() == email)
            for pk, story_id, other in same_text
        ),
    )


@dataclass
class _Outcome:
    result: Any = None
    error: BaseException | None = None
    elapsed: float = 0.0


class _Task:
    """Checks handed to one runner thread; the caller watches each check's deadline."""

    def __init__(self, checks: list[tuple[str, Check]], ctx: CheckContext) -> None:
        self.checks = checks
        self.ctx = ctx
        self.outcomes: list[_Outcome] = []
        self.current_started = time.perf_counter()
        self.done = False
        self.abandoned = False
        self.condition = threading.Condition()


class _Runner(threading.Thread):
    def __init__(self, pool: CheckThreads) -> None:
        super().__init__(name="majlis-checks", daemon=True)
        self.pool = pool
        self.tasks: queue.SimpleQueue[_Task] = queue.SimpleQueue()

    def run(self) -> None:
        while True:
            task = self.tasks.get()
            for _name, check in task.checks:
                started = time.perf_counter()
                with task.condition:
                    if task.abandoned:
                        break
                    task.current_started = started
                outcome = _Outcome()
                try:
                    outcome.result = check.check(task.ctx)
                except BaseException as error:  # reported to the caller, never lost here
                    outcome.error = error
                outcome.elapsed = time.perf_counter() - started
                with task.condition:
                    if task.abandoned:
                        break
                    task.outcomes.append(outcome)
                    task.current_started = time.perf_counter()  # the next check's clock
            # Ready for the next comment before the caller wakes, so it never starts a thread
            # it does not need.
            self.pool.idle_put(self)
            with task.condition:
                task.done = True
                task.condition.notify_all()


class CheckThreads:
    """Daemon threads reused from comment to comment (threads do not survive a fork, so a
    forked server worker starts its own)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: list[_Runner] = []
        self._pid = os.getpid()

    def idle_put(self, runner: _Runner) -> None:
        with self._lock:
            if self._pid == os.getpid():
                self._idle.append(runner)

    def _runner(self) -> _Runner:
        with self._lock:
            if self._pid != os.getpid():
                self._pid, self._idle = os.getpid(), []
            if self._idle:
                return self._idle.pop()
        runner = _Runner(self)
        runner.start()
        return runner

    def run(
        self, checks: list[tuple[str, Check]], ctx: CheckContext, budgets: list[float]
    ) -> list[_Outcome]:
        """One outcome per check, in order; an overrun check gets a TimeoutError."""
        outcomes: list[_Outcome] = []
        while len(outcomes) < len(checks):
            rest = checks[len(outcomes) :]
            rest_budgets = budgets[len(outcomes) :]
            task = _Task(rest, ctx)
            self._runner().tasks.put(task)
            with task.condition:
                while not task.done:
                    index = len(task.outcomes)
                    if index >= len(rest):
                        task.condition.wait()  # finishing: only bookkeeping left
                        continue
                    remaining = task.current_started + rest_budgets[index] - time.perf_counter()
                    if remaining <= 0:
                        task.abandoned = True
                        break
                    # The runner does not wake us between checks: a later check cannot reach
                    # its deadline sooner than its own budget from now.
                    task.condition.wait(min([remaining, *rest_budgets[index + 1 :]]))
                outcomes.extend(task.outcomes)
                if task.abandoned:
                    index = len(task.outcomes)
                    budget = rest_budgets[index]
                    outcomes.append(
                        _Outcome(
                            error=TimeoutError(f"took longer than {budget:g} s"),
                            elapsed=time.perf_counter() - task.current_started,
                        )
                    )
        return outcomes


_threads = CheckThreads()


def _checked(outcome: _Outcome, *, text_length: int) -> CheckResult:
    if outcome.error is not None:
        raise outcome.error
    result = outcome.result
    if not isinstance(result, CheckResult):
        raise TypeError(f"returned {type(result).__name__}, not CheckResult")
    _validate(result, text_length=text_length)
    return result


def _validate(result: CheckResult, *, text_length: int) -> None:
    """Refuse signals the decision log cannot hold or the workspace cannot show."""
    for category, score in {**result.scores, **result.abuse_target}.items():
        if not isinstance(score, int | float) or not 0.0 <= float(score) <= 1.0:
            raise ValueError(f"score {score!r} for {category!r} is not a number in [0, 1]")
    unknown = set(result.scores) - set(CATEGORY_CODES)
    if unknown:
        raise ValueError(f"unknown categories {sorted(unknown)}")
    for span in result.spans:
        if not 0 <= span.start < span.end <= text_length:
            raise ValueError(f"span {span.start}-{span.end} outside the text")
        if not math.isfinite(span.weight):
            raise ValueError(f"span weight {span.weight!r} is not finite")


def pipeline_run(
    *, ctx: CheckContext, checks: list[tuple[str, Check]] | None = None
) -> PipelineResult:
    merged = PipelineResult()
    checks = checks if checks is not None else configured_checks()
    budgets = [
        check.timeout_seconds or settings.MAJLIS_CHECK_TIMEOUT_SECONDS for _, check in checks
    ]
    outcomes = _threads.run(checks, ctx, budgets)
    for (name, _check), outcome in zip(checks, outcomes, strict=True):
        try:
            result = _checked(outcome, text_length=len(ctx.text))
        except Exception as error:
            logger.warning(
                "moderation check %s failed on comment %s: %r", name, ctx.comment_id, error
            )
            merged.signals[name] = {
                "error": f"{type(error).__name__}: {error}",
                "elapsed_ms": round(outcome.elapsed * 1000, 1),
            }
            if HoldReason.UNSCORED.value not in merged.flags:
                merged.flags.append(HoldReason.UNSCORED.value)
            continue
        _merge(merged, name, result, elapsed=outcome.elapsed)
    return merged


def _merge(merged: PipelineResult, name: str, result: CheckResult, *, elapsed: float) -> None:
    for category, score in result.scores.items():
        merged.scores[category] = max(merged.scores.get(category, 0.0), float(score))
    for target, score in result.abuse_target.items():
        merged.abuse_target[target] = max(merged.abuse_target.get(target, 0.0), float(score))
    merged.spans.extend({**span.as_dict(), "check": name} for span in result.spans)
    for flag in result.flags:
        if flag not in merged.flags:
            merged.flags.append(flag)
    if result.language and merged.language is None:
        merged.language = result.language
        merged.language_confidence = result.language_confidence
    if result.model_version:
        merged.model_versions.append(result.model_version)
    merged.signals[name] = {
        "scores": {k: round(float(v), 4) for k, v in result.scores.items()},
        "spans": [span.as_dict() for span in result.spans],
        "flags": list(result.flags),
        "details": result.details,
        "elapsed_ms": round(elapsed * 1000, 1),
    }
