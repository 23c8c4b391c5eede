"""Runs every configured check on a batch of comments and merges their signals per comment.

The checks run one after the other on a reused daemon thread of this process (never in the
caller's thread, so a hung check cannot hang the request), each within its own time budget. One
that raises or overruns adds the ``unscored`` flag and the others still run: after an overrun
the thread is abandoned (never waited for) and the remaining checks go to another thread.

A check may offer ``check_batch(ctxs)`` (one model call for many comments); the others are
called once per comment. A batch call that raises is retried comment by comment, so one
comment that breaks a check does not leave its neighbours unscored.
"""

from __future__ import annotations

import logging
import math
import os
import queue
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

from django.conf import settings
from django.db.models import F, Window
from django.db.models.functions import RowNumber
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
    return contexts_build(comments=[comment])[0]


def contexts_build(*, comments: Sequence[Comment], rescore: bool = False) -> list[CheckContext]:
    """The contexts of many comments, with one query for all their same-text comments.
    ``rescore``: the pass that adds what a first pass left for later (see CheckContext)."""
    digests = {comment.text_digest for comment in comments}
    # Each digest's newest comments, RELATED_COMMENTS_LIMIT + 1 (the comment itself may be one).
    newest = (
        Comment.objects.filter(text_digest__in=digests)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("text_digest")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=RELATED_COMMENTS_LIMIT + 1)
        .order_by("text_digest", "rank")
        .values_list("pk", "story_id", "author_email", "text_digest")
    )
    by_digest: dict[str, list[tuple[int, int, str]]] = {}
    for pk, story_id, email, digest in newest:
        by_digest.setdefault(digest, []).append((pk, story_id, email))
    return [
        _context_of(comment, by_digest.get(comment.text_digest, []), rescore=rescore)
        for comment in comments
    ]


def _context_of(
    comment: Comment, same_text: list[tuple[int, int, str]], *, rescore: bool = False
) -> CheckContext:
    story = comment.story
    email = comment.author_email.casefold()
    others = [row for row in same_text if row[0] != comment.pk][:RELATED_COMMENTS_LIMIT]
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
            for pk, story_id, other in others
        ),
        rescore=rescore,
    )


@dataclass
class _Outcome:
    result: Any = None
    error: BaseException | None = None
    elapsed: float = 0.0


class _Task:
    """Calls handed to one runner thread; the caller watches each call's deadline."""

    def __init__(self, calls: Sequence[Callable[[], Any]]) -> None:
        self.calls = calls
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
            for call in task.calls:
                started = time.perf_counter()
                with task.condition:
                    if task.abandoned:
                        break
                    task.current_started = started
                outcome = _Outcome()
                try:
                    outcome.result = call()
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

    def run(self, calls: Sequence[Callable[[], Any]], budgets: list[float]) -> list[_Outcome]:
        """One outcome per call, in order; an overrun call gets a TimeoutError."""
        outcomes: list[_Outcome] = []
        while len(outcomes) < len(calls):
            rest = calls[len(outcomes) :]
            rest_budgets = budgets[len(outcomes) :]
            task = _Task(rest)
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


def _budget(check: Check) -> float:
    return check.timeout_seconds or settings.MAJLIS_CHECK_TIMEOUT_SECONDS


def _batch_call(check: Check, ctxs: Sequence[CheckContext]) -> tuple[Callable[[], Any], float]:
    """One call covering every comment, and its time budget.

    A check's own ``check_batch`` gets the budget of one call (that is what batching is for); a
    check called once per comment gets its budget once per comment.
    """
    check_batch = getattr(check, "check_batch", None)
    if callable(check_batch) and len(ctxs) > 1:
        return (lambda: check_batch(list(ctxs))), _budget(check)
    return (lambda: [check.check(ctx) for ctx in ctxs]), _budget(check) * len(ctxs)


def _split(outcome: _Outcome, count: int) -> list[_Outcome] | None:
    """The batch outcome as one outcome per comment; None if the call did not give one each."""
    if outcome.error is not None or not isinstance(outcome.result, list | tuple):
        return None
    if len(outcome.result) != count:
        return None
    share = outcome.elapsed / count
    return [_Outcome(result=result, elapsed=share) for result in outcome.result]


def pipeline_run_batch(
    *, ctxs: Sequence[CheckContext], checks: list[tuple[str, Check]] | None = None
) -> list[PipelineResult]:
    """One merged result per context, in order."""
    checks = checks if checks is not None else configured_checks()
    merged = [PipelineResult() for _ in ctxs]
    if not ctxs:
        return merged
    calls = [_batch_call(check, ctxs) for _, check in checks]
    outcomes = _threads.run([call for call, _ in calls], [budget for _, budget in calls])
    for (name, check), outcome in zip(checks, outcomes, strict=True):
        per_comment = _split(outcome, len(ctxs))
        if per_comment is None and len(ctxs) > 1 and not isinstance(outcome.error, TimeoutError):
            # The batch call broke: find out which comments break it, one at a time.
            per_comment = _threads.run(
                [partial(check.check, ctx) for ctx in ctxs], [_budget(check)] * len(ctxs)
            )
        if per_comment is None:
            # A timeout (or a single comment's failure) is every batched comment's failure.
            per_comment = [outcome] * len(ctxs)
        for result, ctx, single in zip(merged, ctxs, per_comment, strict=True):
            _collect(result, name, ctx, single)
    return merged


def pipeline_run(
    *, ctx: CheckContext, checks: list[tuple[str, Check]] | None = None
) -> PipelineResult:
    return pipeline_run_batch(ctxs=[ctx], checks=checks)[0]


def _collect(merged: PipelineResult, name: str, ctx: CheckContext, outcome: _Outcome) -> None:
    try:
        result = _checked(outcome, text_length=len(ctx.text))
    except Exception as error:
        logger.warning("moderation check %s failed on comment %s: %r", name, ctx.comment_id, error)
        merged.signals[name] = {
            "error": f"{type(error).__name__}: {error}",
            "elapsed_ms": round(outcome.elapsed * 1000, 1),
        }
        if HoldReason.UNSCORED.value not in merged.flags:
            merged.flags.append(HoldReason.UNSCORED.value)
        return
    _merge(merged, name, result, elapsed=outcome.elapsed)


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
