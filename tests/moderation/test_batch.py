"""Moderating many comments together: one call per check, one transaction, nothing lost."""

from __future__ import annotations

import threading

import pytest

from majlis.comments.models import Comment, CommentStatus
from majlis.moderation import pipeline
from majlis.moderation.checks import CheckResult, ContactDetailsCheck, WordListCheck
from majlis.moderation.checks.base import CheckContext
from majlis.moderation.constants import ActorKind
from majlis.moderation.services import comment_approve, comments_moderate_batch


def ctx_of(text: str, comment_id: int = 1) -> CheckContext:
    return CheckContext(
        comment_id=comment_id,
        text=text,
        author_name="A",
        author_email="a@x.org",
        story_id=1,
        story_title="Drawdown of troops",
        story_body="",
        story_language="en",
        comments_open=True,
        max_length=3000,
    )


class CountingBatchCheck:
    """Scores ``threat`` 0.9 for texts containing 'threat'; counts how it was called."""

    timeout_seconds = None

    def __init__(self) -> None:
        self.batch_calls: list[int] = []
        self.single_calls = 0

    def check(self, ctx):
        self.single_calls += 1
        if "poison" in ctx.text:
            raise ValueError("cannot read this one")
        return CheckResult(scores={"threat": 0.9 if "threat" in ctx.text else 0.0})

    def check_batch(self, ctxs):
        self.batch_calls.append(len(ctxs))
        if any("poison" in ctx.text for ctx in ctxs):
            raise ValueError("cannot read this batch")
        return [self.check(ctx) for ctx in ctxs]


class ShortBatchCheck:
    timeout_seconds = None

    def check(self, ctx):
        return CheckResult()

    def check_batch(self, ctxs):
        return [CheckResult()]  # one result for many comments: a broken batch


class HangingBatchCheck:
    timeout_seconds = 0.2

    def __init__(self) -> None:
        self.release = threading.Event()

    def check(self, ctx):
        self.release.wait(30)
        return CheckResult()

    def check_batch(self, ctxs):
        self.release.wait(30)
        return [CheckResult() for _ in ctxs]


@pytest.fixture
def hanging():
    check = HangingBatchCheck()
    yield check
    check.release.set()


def test_a_batch_check_is_called_once_for_the_whole_batch():
    check = CountingBatchCheck()
    ctxs = [ctx_of("a threat to all", 1), ctx_of("a fair point", 2), ctx_of("threat", 3)]
    results = pipeline.pipeline_run_batch(ctxs=ctxs, checks=[("Counting", check)])
    assert check.batch_calls == [3]
    assert [r.scores["threat"] for r in results] == [0.9, 0.0, 0.9]
    assert all(r.flags == [] for r in results)


def test_checks_without_a_batch_method_run_once_per_comment_in_order():
    ctxs = [ctx_of("Call 0750 123 4567 now", 1), ctx_of("What utter bullshit.", 2)]
    checks = [("Contacts", ContactDetailsCheck()), ("Words", WordListCheck())]
    batched = pipeline.pipeline_run_batch(ctxs=ctxs, checks=checks)
    singles = [pipeline.pipeline_run(ctx=ctx, checks=checks) for ctx in ctxs]
    assert [r.scores for r in batched] == [r.scores for r in singles]
    assert batched[0].scores["promotion"] >= 0.9 and batched[1].scores["profanity"] >= 0.9


def test_a_batch_that_breaks_is_retried_one_by_one_and_only_the_culprit_is_unscored():
    check = CountingBatchCheck()
    ctxs = [ctx_of("a threat", 1), ctx_of("poison pill", 2), ctx_of("fine", 3)]
    results = pipeline.pipeline_run_batch(ctxs=ctxs, checks=[("Counting", check)])
    assert check.batch_calls == [3]
    assert [r.flags for r in results] == [[], ["unscored"], []]
    assert results[0].scores["threat"] == 0.9
    assert "cannot read this one" in results[1].signals["Counting"]["error"]


def test_a_batch_with_the_wrong_number_of_results_is_retried_one_by_one():
    ctxs = [ctx_of("one", 1), ctx_of("two", 2)]
    results = pipeline.pipeline_run_batch(ctxs=ctxs, checks=[("Short", ShortBatchCheck())])
    assert [r.flags for r in results] == [[], []]
    assert set(results[1].signals) == {"Short"}


def test_a_hung_batch_holds_every_comment_of_it_unscored_within_the_budget(hanging):
    ctxs = [ctx_of("one", 1), ctx_of("Call 0750 123 4567 now", 2)]
    checks = [("Hanging", hanging), ("Contacts", ContactDetailsCheck())]
    results = pipeline.pipeline_run_batch(ctxs=ctxs, checks=checks)
    for result in results:
        assert result.flags == ["unscored"]
        assert "TimeoutError" in result.signals["Hanging"]["error"]
    # The check after the hung one still ran on every comment.
    assert results[1].scores["promotion"] >= 0.9


def test_batch_contexts_match_single_ones_and_see_only_other_same_text_comments(stored):
    from majlis.moderation.pipeline import context_build, contexts_build

    first, second, other = stored("Same words here.", "same   WORDS here.", "Different words.")
    batch = contexts_build(comments=[first, second, other])
    assert batch == [context_build(comment=c) for c in (first, second, other)]
    assert [r.comment_id for r in batch[0].same_text_comments] == [second.pk]
    assert [r.comment_id for r in batch[1].same_text_comments] == [first.pk]
    assert batch[2].same_text_comments == ()


def test_an_empty_batch_runs_nothing():
    check = CountingBatchCheck()
    assert pipeline.pipeline_run_batch(ctxs=[], checks=[("Counting", check)]) == []
    assert check.batch_calls == [] and check.single_calls == 0


# --- comments_moderate_batch ---------------------------------------------------------------------


@pytest.fixture
def stored(story, settings):
    """Store comments without moderating them (as the API does before the background worker)."""
    from majlis.comments.services import comment_create

    settings.MAJLIS_MODERATE_IN_BACKGROUND = True

    def store(*texts: str) -> list[Comment]:
        return [
            comment_create(
                story=story,
                author_name="Reader",
                author_email=f"reader{number}@example.org",
                text=text,
                ip_address="203.0.113.7",
            )
            for number, text in enumerate(texts)
        ]

    return store


def use_checks(monkeypatch, *checks):
    monkeypatch.setattr(
        pipeline, "configured_checks", lambda: [(type(c).__name__, c) for c in checks]
    )


def test_batch_records_one_system_decision_per_comment(stored, monkeypatch):
    check = CountingBatchCheck()
    use_checks(monkeypatch, check, WordListCheck())
    comments = stored("A fair point about the drawdown.", "What utter bullshit.", "Thanks.")
    assert all(c.decisions.count() == 0 for c in comments)

    counts = comments_moderate_batch(comment_ids=[c.pk for c in comments])

    assert counts == {"moderated": 3, "skipped": 0, "one_by_one": 0}
    assert check.batch_calls == [3]
    for comment in comments:
        comment.refresh_from_db()
        decision = comment.decisions.get()
        assert decision.actor_kind == ActorKind.SYSTEM
        assert set(decision.signals["checks"]) == {"CountingBatchCheck", "WordListCheck"}
    assert comments[1].status == CommentStatus.REJECTED


def test_batch_skips_comments_decided_meanwhile_and_ones_already_moderated(
    stored, monkeypatch, moderator
):
    use_checks(monkeypatch, WordListCheck())
    first, second, third = stored("One fair point.", "Another fair point.", "A third one.")
    comment_approve(comment=second, moderator=moderator)
    comments_moderate_batch(comment_ids=[third.pk])

    counts = comments_moderate_batch(comment_ids=[first.pk, second.pk, third.pk, first.pk])

    assert counts == {"moderated": 1, "skipped": 2, "one_by_one": 0}
    assert first.decisions.count() == 1
    assert second.decisions.get().actor_kind == ActorKind.MODERATOR  # no system decision after
    assert third.decisions.count() == 1


def test_a_batch_of_just_stored_comments_is_not_read_again_but_checked_under_the_lock(
    stored, monkeypatch, moderator
):
    use_checks(monkeypatch, WordListCheck())
    first, second, third = stored("One fair point.", "Another fair point.", "A third one.")
    comment_approve(comment=Comment.objects.get(pk=second.pk), moderator=moderator)
    comments_moderate_batch(comment_ids=[third.pk])

    # the instances comment_create returned, as the background worker holds them: `second` and
    # `third` still say pending and undecided in memory
    counts = comments_moderate_batch(stored=[first, second, third])

    assert counts == {"moderated": 1, "skipped": 2, "one_by_one": 0}
    assert first.decisions.get().actor_kind == ActorKind.SYSTEM
    assert second.decisions.get().actor_kind == ActorKind.MODERATOR
    assert third.decisions.count() == 1


def test_when_the_batch_write_fails_each_comment_is_moderated_on_its_own(stored, monkeypatch):
    use_checks(monkeypatch, WordListCheck())
    comments = stored("One fair point.", "What utter bullshit.")
    from majlis.moderation import services

    def disk_hiccup(prepared):
        raise RuntimeError("disk hiccup")

    monkeypatch.setattr(services, "_decisions_record_many", disk_hiccup)

    counts = comments_moderate_batch(comment_ids=[c.pk for c in comments])

    # The batch's write was rolled back as a whole; both were then done alone.
    assert counts == {"moderated": 0, "skipped": 0, "one_by_one": 2}
    for comment in comments:
        assert comment.decisions.count() == 1
    comments[1].refresh_from_db()
    assert comments[1].status == CommentStatus.REJECTED


def test_when_the_checks_crash_outside_the_pipeline_the_comments_wait_unscored(stored, monkeypatch):
    comments = stored("One fair point.", "Another one.")

    def broken_context(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("majlis.moderation.services.contexts_build", broken_context)
    monkeypatch.setattr("majlis.moderation.services.context_build", broken_context)
    counts = comments_moderate_batch(comment_ids=[c.pk for c in comments])
    assert counts["one_by_one"] == 2
    for comment in comments:
        comment.refresh_from_db()
        assert comment.status == CommentStatus.PENDING
        assert comment.decisions.get().reasons == ["unscored"]
