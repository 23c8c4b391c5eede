"""Every write to the moderation log goes through here (the workspace, the API and the CLI)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from majlis.comments.errors import ImmutableText
from majlis.comments.models import Comment, CommentStatus
from majlis.moderation.constants import (
    REASON_CODES,
    AbuseTarget,
    ActorKind,
    Category,
    DecisionKind,
    HoldReason,
)
from majlis.moderation.errors import AlreadyModerated, IllegalTransition, InvalidDecision
from majlis.moderation.models import STATUS_AFTER_DECISION, Decision
from majlis.moderation.notifications import decision_notify
from majlis.moderation.pipeline import (
    PipelineResult,
    context_build,
    contexts_build,
    pipeline_run,
    pipeline_run_batch,
)
from majlis.moderation.policy import EffectivePolicy, policy_for, verdict_for
from majlis.moderation.selectors import awaiting_rescore_q, awaits_rescore
from majlis.rows import rows_insert, rows_insert_values, rows_update
from majlis.stories.models import Story
from majlis.stories.services import story_thread_changed

logger = logging.getLogger(__name__)


def _comment_lock(comment: Comment) -> Comment:
    """Re-read the comment under a row lock so concurrent moderators decide one at a time.

    Only the comment's row is locked (``of=self``), not its story: other comments of the same
    story are moderated in parallel.
    """
    return (
        Comment.objects.select_for_update(of=("self",))
        .select_related("story__site")
        .get(pk=comment.pk)
    )


def _decision_prepare(
    *,
    comment: Comment,
    decision: str,
    actor_kind: str,
    moderator: AbstractBaseUser | None = None,
    reasons: Iterable[str] = (),
    abuse_target: str = "",
    note: str = "",
    scores: dict[str, float] | None = None,
    spans: list[dict[str, Any]] | None = None,
    signals: dict[str, Any] | None = None,
    model_version: str = "",
    policy_version: str = "",
    also_save: Iterable[str] = (),
    changed_stories: set[int] | None = None,
) -> tuple[Decision, list[str]]:
    """The decision to append (not saved yet) and the comment mirroring it (changed in memory);
    returns the decision and the comment fields to save. Caller holds the comment's row lock.

    ``changed_stories``: collect the stories whose public thread changed there instead of
    bumping each at once (a batch bumps each story once, still in its transaction).
    """
    reason_list = list(dict.fromkeys(reasons))
    _assert_known_reasons(reason_list)
    record = Decision(
        comment=comment,
        actor_kind=actor_kind,
        moderator=moderator,
        decision=decision,
        reasons=reason_list,
        abuse_target=abuse_target,
        note=note,
        scores=scores or {},
        spans=spans or [],
        signals=signals or {},
        model_version=model_version,
        policy_version=policy_version,
    )
    was_public = comment.status == CommentStatus.APPROVED
    comment.status = STATUS_AFTER_DECISION[DecisionKind(decision)]
    if was_public or comment.status == CommentStatus.APPROVED:
        # Same transaction: readers never see the new version without the new thread.
        if changed_stories is not None:
            changed_stories.add(comment.story_id)
        else:
            story_thread_changed(story_id=comment.story_id)
    comment.reason_codes = f",{','.join(reason_list)}," if reason_list else ""
    comment.reported = HoldReason.REPORTED.value in reason_list
    update_fields = ["status", "reason_codes", "reported", *also_save]
    if scores is not None:
        comment.risk = max(scores.values(), default=0.0)
        update_fields.append("risk")
    return record, update_fields


def _notify_after_commit(record: Decision, *, notify_on_approve: bool) -> None:
    # Mail only once the decision is durable; a rolled-back decision tells nobody anything.
    transaction.on_commit(
        lambda: decision_notify(decision=record, notify_on_approve=notify_on_approve)
    )


def _decision_record(
    *, comment: Comment, notify_on_approve: bool = False, **decision: Any
) -> Decision:
    """Append a decision and mirror it on the comment; caller holds the comment's row lock.
    ``decision``: the keyword arguments of :func:`_decision_prepare`."""
    record, update_fields = _decision_prepare(comment=comment, **decision)
    return _decision_write(comment, record, update_fields, notify_on_approve=notify_on_approve)


def _decision_write(
    comment: Comment, record: Decision, update_fields: list[str], *, notify_on_approve: bool
) -> Decision:
    """Save one prepared decision and the comment fields it changed (the batch writes many at
    once: :func:`_decisions_record_many`)."""
    record.save()
    comment.save(update_fields=update_fields)
    _notify_after_commit(record, notify_on_approve=notify_on_approve)
    return record


def _decisions_record_many(
    prepared: Sequence[tuple[Decision, list[str], bool]],
    *,
    values: Sequence[Sequence[Any]] | None = None,
) -> None:
    """Write a batch's prepared decisions: one INSERT for the log and one UPDATE statement,
    run for every comment, for the fields the decisions changed (the batch's hot path: ~0.3 ms
    per comment less than saving each through the ORM; ``majlis.rows``). ``values``: the log
    rows, converted beforehand (``rows_insert_values``)."""
    if not prepared:
        return
    rows_insert([record for record, _, _ in prepared], values=values)
    by_fields: dict[tuple[str, ...], list[Comment]] = {}
    for record, update_fields, _ in prepared:
        by_fields.setdefault(tuple(update_fields), []).append(record.comment)
    for fields, comments in by_fields.items():
        if "text" in fields or "text_digest" in fields:
            raise ImmutableText("comment text cannot be changed")  # the model refuses it too
        rows_update(comments, fields)
    for record, _, notify_on_approve in prepared:
        _notify_after_commit(record, notify_on_approve=notify_on_approve)


def _notify_on_approve(comment: Comment) -> bool:
    return policy_for(site=comment.story.site, language=comment.language).notify_on_approve


def _system_decided(comment: Comment) -> bool:
    return Decision.objects.filter(comment=comment, actor_kind=ActorKind.SYSTEM).exists()


def _lock_for_system_decision(comment_ids: Sequence[int]) -> dict[int, tuple[str, bool]]:
    """Lock the comments' rows; return each one's status and whether the system already
    decided it (one query for all)."""
    system_decisions = Decision.objects.filter(comment=OuterRef("pk"), actor_kind=ActorKind.SYSTEM)
    rows = (
        Comment.objects.select_for_update(of=("self",))
        .filter(pk__in=list(comment_ids))
        .annotate(system_decided=Exists(system_decisions))
        .values_list("pk", "status", "system_decided")
    )
    return {pk: (str(status), bool(decided)) for pk, status, decided in rows}


def comment_moderate(*, comment: Comment, rerun: bool = False, stored: bool = False) -> Decision:
    """Run the pipeline and the policy on a pending comment and record the system's decision.

    The checks run outside any transaction (they may take seconds, and SQLite would hold its
    write lock meanwhile); the decision is then recorded under the comment's row lock. Unless
    ``rerun``, a comment the system already decided raises AlreadyModerated (two processes
    sweeping the same comment record one decision, not two).

    ``stored``: ``comment`` was just created by the caller (``comment_create``), with its story
    and site loaded, so it is not read again before the checks; the status is still checked
    under the lock before the decision is written.
    """
    if stored:
        fresh = comment
    else:
        fresh = Comment.objects.select_related("story__site").get(pk=comment.pk)
        if fresh.status != CommentStatus.PENDING:
            raise IllegalTransition(f"comment {fresh.pk} is {fresh.status}, not pending")
        if not rerun and _system_decided(fresh):
            raise AlreadyModerated(f"comment {fresh.pk} was already moderated")
    result = pipeline_run(ctx=context_build(comment=fresh))
    with transaction.atomic():
        decision = _system_decision_write(comment=fresh, result=result, rerun=rerun)
    comment.status = fresh.status
    return decision


def _system_decision_write(
    *, comment: Comment, result: PipelineResult, rerun: bool = False
) -> Decision:
    """Apply the policy to the checks' result and record it; caller holds a transaction."""
    record, update_fields, notify_on_approve = _system_decision_prepare(
        comment=comment, result=result, rerun=rerun
    )
    return _decision_write(comment, record, update_fields, notify_on_approve=notify_on_approve)


def _system_decision_prepare(
    *,
    comment: Comment,
    result: PipelineResult,
    rerun: bool = False,
    locked: tuple[str, bool] | None = None,
    policies: dict[tuple[int, str], EffectivePolicy] | None = None,
    changed_stories: set[int] | None = None,
) -> tuple[Decision, list[str], bool]:
    """The system's decision on the checks' result under the policy, not written yet: the
    decision, the comment fields to save, whether to mail the author on approval.

    A batch passes what it read under its own lock (``locked``: status and whether the system
    decided), a cache of policies (one query per site and language), and ``changed_stories``
    (see :func:`_decision_prepare`).
    """
    if result.language:
        comment.language = result.language
        comment.language_confidence = result.language_confidence
    key = (comment.story.site_id, comment.language or "")
    policy = policies.get(key) if policies is not None else None
    if policy is None:
        policy = policy_for(site=comment.story.site, language=comment.language or None)
        if policies is not None:
            policies[key] = policy
    verdict = verdict_for(result=result, policy=policy)
    status, decided = locked or _lock_for_system_decision([comment.pk])[comment.pk]
    if status != CommentStatus.PENDING:
        raise IllegalTransition(f"comment {comment.pk} was decided while it was checked")
    if not rerun and decided:
        raise AlreadyModerated(f"comment {comment.pk} was moderated meanwhile")
    comment.status = status
    record, update_fields = _decision_prepare(
        comment=comment,
        decision=verdict.decision,
        actor_kind=ActorKind.SYSTEM,
        reasons=verdict.reasons,
        abuse_target=verdict.abuse_target,
        scores=result.scores,
        spans=result.spans,
        signals={
            "checks": result.signals,
            "flags": result.flags,
            "abuse_target": result.abuse_target,
        },
        model_version=result.model_version,
        policy_version=policy.version,
        also_save=["language", "language_confidence"] if result.language else [],
        changed_stories=changed_stories,
    )
    return record, update_fields, policy.notify_on_approve


def _with_stories(comments: list[Comment]) -> list[Comment]:
    """A batch's comments share a few stories: each story and site read (and built) once."""
    stories = Story.objects.select_related("site").in_bulk({c.story_id for c in comments})
    for comment in comments:
        comment.story = stories[comment.story_id]
    return comments


@dataclass(frozen=True)
class _BatchDecision:
    """One comment's system decision, worked out before the batch takes its lock."""

    prepared: tuple[Decision, list[str], bool]  # decision, comment fields, mail on approval
    values: list[Any]  # the decision's row, converted (``majlis.rows.rows_insert_values``)
    publishes: bool  # it changes the story's public thread

    @property
    def comment(self) -> Comment:
        return self.prepared[0].comment


def _system_decisions_prepare_many(
    comments: Sequence[Comment], results: Sequence[PipelineResult], *, rerun: bool = False
) -> list[_BatchDecision]:
    """The system's decisions on a batch, as if each comment were still pending (and, unless
    ``rerun``, undecided): policies, verdicts, the rows to write. Done before the transaction,
    so that SQLite's write lock is held only for the writes (a batch of ~125 held it 18 ms,
    of which a third was this); :func:`_system_decisions_write_many` keeps only the comments
    the lock shows still open."""
    policies: dict[tuple[int, str], EffectivePolicy] = {}
    batch = []
    for comment, result in zip(comments, results, strict=True):
        publishing: set[int] = set()
        with contextlib.suppress(AlreadyModerated, IllegalTransition):
            prepared = _system_decision_prepare(
                comment=comment,
                result=result,
                rerun=rerun,
                locked=(comment.status, False),
                policies=policies,
                changed_stories=publishing,
            )
            batch.append((prepared, bool(publishing)))
    values = rows_insert_values([prepared[0] for prepared, _ in batch])
    return [
        _BatchDecision(prepared=prepared, values=row, publishes=publishes)
        for (prepared, publishes), row in zip(batch, values, strict=True)
    ]


def _system_decisions_write_many(
    batch: Sequence[_BatchDecision], locked: dict[int, tuple[str, bool]], *, rerun: bool = False
) -> int:
    """Write the prepared decisions of the comments still pending and (unless ``rerun``)
    undecided by the system in ``locked`` (read under the rows' locks, in the caller's
    transaction); the others were decided meanwhile by a moderator or another process.
    Returns how many were written."""
    still_open = [
        decision
        for decision in batch
        if (state := locked.get(decision.comment.pk)) is not None
        and state[0] == CommentStatus.PENDING
        and (rerun or not state[1])
    ]
    _decisions_record_many(
        [decision.prepared for decision in still_open],
        values=[decision.values for decision in still_open],
    )
    for story_id in sorted({d.comment.story_id for d in still_open if d.publishes}):
        story_thread_changed(story_id=story_id)
    return len(still_open)


def comments_moderate_batch(
    *, comment_ids: Sequence[int] = (), stored: Sequence[Comment] = ()
) -> dict[str, int]:
    """Moderate newly stored comments together (the background worker's path).

    Each check scores the whole batch in one call and every decision is written in one
    transaction, which is what lets a server keep up with a burst of posts. Comments no longer
    pending or already decided by the system are skipped. Never raises and never loses a
    comment: if the batch fails as a whole, each comment is moderated on its own
    (:func:`comment_moderate_or_hold`), and a comment that cannot be is held as ``unscored``.

    ``stored``: comments this process has just created (``comment_create``), with their
    stories: not read again before the checks; like the others, each is written only if still
    pending and undecided under the rows' lock.
    """
    counts = {"moderated": 0, "skipped": 0, "one_by_one": 0}
    comments = list(stored)
    if comment_ids:
        system_decisions = Decision.objects.filter(
            comment=OuterRef("pk"), actor_kind=ActorKind.SYSTEM
        )
        undecided = _with_stories(
            list(
                Comment.objects.filter(pk__in=list(comment_ids), status=CommentStatus.PENDING)
                .annotate(system_decided=Exists(system_decisions))
                .filter(system_decided=False)
                .order_by("pk")
            )
        )
        counts["skipped"] = len(set(comment_ids)) - len(undecided)
        comments += undecided
    if not comments:
        return counts
    try:
        results = pipeline_run_batch(ctxs=contexts_build(comments=comments))
        batch = _system_decisions_prepare_many(comments, results)
        with transaction.atomic():
            locked = _lock_for_system_decision([comment.pk for comment in comments])
            counts["moderated"] = _system_decisions_write_many(batch, locked)
            counts["skipped"] += len(comments) - counts["moderated"]
    except Exception:
        logger.exception("batch moderation of %s comments failed; one by one", len(comments))
        counts["moderated"] = 0
        for comment in comments:
            if comment_moderate_or_hold(comment=comment) is not None:
                counts["one_by_one"] += 1
    return counts


def comments_rescore_batch(
    *, comment_ids: Sequence[int], scoring: Executor | None = None
) -> dict[str, int]:
    """Add what the first pass left for later (``relevance_pending``: relevance across
    languages; ``semantic_pending``: the meaning-based score; both from the multilingual model,
    which is slow) and record the system's new decision.

    Only comments still held with that reason are rescored: one a moderator decided, a reader
    reported, or another rescore reached first is skipped (re-read under the rows' locks). A
    rescore in which a check failed records nothing (``failed``): the comment keeps its first
    decision, which held it for a human, and its scores.

    ``scoring``: where the checks run (the rescore process gives a low-priority thread); the
    decisions are written by the caller's thread, so that SQLite's write lock is never held by
    a thread waiting for the CPU.
    """
    counts = {"rescored": 0, "skipped": 0, "failed": 0}
    comments = _with_stories(
        list(
            Comment.objects.filter(
                awaiting_rescore_q(), pk__in=list(comment_ids), status=CommentStatus.PENDING
            ).order_by("pk")
        )
    )
    ctxs = contexts_build(comments=comments, rescore=True)
    if scoring is None:
        results = pipeline_run_batch(ctxs=ctxs)
    else:
        results = scoring.submit(partial(pipeline_run_batch, ctxs=ctxs)).result()
    complete = [
        (comment, result)
        for comment, result in zip(comments, results, strict=True)
        if HoldReason.UNSCORED not in result.flags
    ]
    counts["failed"] = len(comments) - len(complete)
    batch = _system_decisions_prepare_many(
        [comment for comment, _ in complete], [result for _, result in complete], rerun=True
    )
    with transaction.atomic():
        rows = (
            Comment.objects.select_for_update(of=("self",))
            .filter(pk__in=[comment.pk for comment, _ in complete])
            .values_list("pk", "status", "reason_codes")
        )
        # Those no longer awaiting it are left out, so their decision is not written.
        locked = {pk: (str(status), True) for pk, status, codes in rows if awaits_rescore(codes)}
        counts["rescored"] = _system_decisions_write_many(batch, locked, rerun=True)
    counts["skipped"] = len(set(comment_ids)) - counts["rescored"] - counts["failed"]
    return counts


def comment_moderate_or_hold(*, comment: Comment, stored: bool = False) -> Decision | None:
    """Moderate a newly stored comment; never raises, never loses it.

    If moderation fails the comment is held as ``unscored``; if even that cannot be written it
    stays pending with no system decision, and ``majlis moderate-pending`` (run by ``majlis
    serve`` at start, by each server worker when it starts, and by the background worker when
    idle) picks it up. ``stored``: see :func:`comment_moderate`.
    """
    try:
        return comment_moderate(comment=comment, stored=stored)
    except (AlreadyModerated, IllegalTransition):
        return None  # another process or a moderator got there first
    except Exception as error:
        logger.exception("moderation failed for comment %s; holding it as unscored", comment.pk)
        try:
            return comment_hold_unscored(comment=comment, error=f"{type(error).__name__}: {error}")
        except Exception:
            logger.exception(
                "could not record 'unscored' for comment %s; `majlis moderate-pending` will "
                "pick it up",
                comment.pk,
            )
            return None


@transaction.atomic
def comment_hold_unscored(*, comment: Comment, error: str) -> Decision:
    """Record that moderation could not run: the comment waits for a human."""
    locked = _comment_lock(comment)
    if locked.status != CommentStatus.PENDING:
        raise IllegalTransition(f"comment {locked.pk} is {locked.status}, not pending")
    decision = _decision_record(
        comment=locked,
        decision=DecisionKind.HOLD,
        actor_kind=ActorKind.SYSTEM,
        reasons=[HoldReason.UNSCORED],
        signals={"error": error[:2000]},
    )
    comment.status = locked.status
    return decision


@transaction.atomic
def comment_approve(*, comment: Comment, moderator: AbstractBaseUser, note: str = "") -> Decision:
    locked = _comment_lock(comment)
    if locked.status == CommentStatus.APPROVED:
        raise IllegalTransition(f"comment {locked.pk} is already approved")
    decision = _decision_record(
        comment=locked,
        decision=DecisionKind.APPROVE,
        actor_kind=ActorKind.MODERATOR,
        moderator=moderator,
        note=note,
        notify_on_approve=_notify_on_approve(locked),
    )
    comment.status = locked.status
    return decision


@transaction.atomic
def comment_reject(
    *,
    comment: Comment,
    moderator: AbstractBaseUser,
    reasons: Iterable[str],
    abuse_target: str | None = None,
    note: str = "",
) -> Decision:
    reason_list = list(reasons)
    if not reason_list:
        raise InvalidDecision("a rejection needs at least one guideline reason")
    unknown = [code for code in reason_list if code not in Category.values]
    if unknown:
        raise InvalidDecision(f"not guideline categories: {', '.join(unknown)}")
    if abuse_target and abuse_target not in AbuseTarget.values:
        raise InvalidDecision(f"unknown abuse target {abuse_target!r}")
    locked = _comment_lock(comment)
    if locked.status == CommentStatus.REJECTED:
        raise IllegalTransition(f"comment {locked.pk} is already rejected")
    decision = _decision_record(
        comment=locked,
        decision=DecisionKind.REJECT,
        actor_kind=ActorKind.MODERATOR,
        moderator=moderator,
        reasons=reason_list,
        abuse_target=abuse_target or "",
        note=note,
    )
    comment.status = locked.status
    return decision


@transaction.atomic
def comment_report(*, comment: Comment, note: str = "") -> Decision:
    """A reader reports a published comment: it leaves the page and returns to the queue."""
    locked = _comment_lock(comment)
    if locked.status != CommentStatus.APPROVED:
        raise IllegalTransition(
            f"comment {locked.pk} is {locked.status}; only published ones can be reported"
        )
    decision = _decision_record(
        comment=locked,
        decision=DecisionKind.HOLD,
        actor_kind=ActorKind.SYSTEM,
        reasons=[HoldReason.REPORTED],
        note=note,
    )
    comment.status = locked.status
    return decision


def comments_moderate_pending(
    *, include_unscored: bool = False, older_than: timedelta | None = None
) -> dict[str, int]:
    """(Re)moderate pending comments the system never decided on, e.g. after a crash.

    With ``include_unscored``, also retry those whose last system decision was ``unscored``.
    ``older_than`` leaves alone comments so recent that a worker may still be on them.
    """
    counts = {"moderated": 0, "failed": 0}
    pending = Comment.objects.filter(status=CommentStatus.PENDING)
    if older_than is not None:
        pending = pending.filter(created_at__lte=timezone.now() - older_than)
    never_decided = set(
        pending.exclude(decisions__actor_kind=ActorKind.SYSTEM).values_list("pk", flat=True)
    )
    unscored: set[int] = set()
    if include_unscored:
        unscored = set(
            pending.filter(reason_codes__contains=f",{HoldReason.UNSCORED},").values_list(
                "pk", flat=True
            )
        )
    for comment in Comment.objects.filter(pk__in=never_decided | unscored).order_by("created_at"):
        try:
            comment_moderate(comment=comment, rerun=comment.pk in unscored)
            counts["moderated"] += 1
        except (AlreadyModerated, IllegalTransition):
            continue  # decided meanwhile by another process or a moderator
        except Exception:
            logger.exception("moderation failed again for comment %s", comment.pk)
            counts["failed"] += 1
    return counts


def _assert_known_reasons(reasons: Iterable[str]) -> None:
    unknown = [code for code in reasons if code not in REASON_CODES]
    if unknown:
        raise InvalidDecision(f"unknown reasons: {', '.join(unknown)}")
