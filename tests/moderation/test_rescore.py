"""Relevance across languages and the meaning-based score added after the first decision
(``relevance_pending``, ``semantic_pending``), with the shipped classifier and the real
multilingual model."""

from __future__ import annotations

import os
import threading

import pytest

from majlis.comments.models import CommentStatus
from majlis.moderation.background import rescore_follow
from majlis.moderation.checks import classifier as classifier_check
from majlis.moderation.constants import ActorKind, DecisionKind, HoldReason
from majlis.moderation.selectors import comments_awaiting_rescore
from majlis.moderation.services import (
    comment_approve,
    comment_report,
    comments_rescore_batch,
)

# About the story (US troops leaving Iraq), in Sorani: no word in common with the English story.
SORANI_ON_TOPIC = "کشانەوەی سەربازانی ئەمریکا لە عێراق مەترسییە بۆ ئاسایشی هەرێمی کوردستان"
# About football, in Sorani.
SORANI_OFF_TOPIC = "ئەم یانەیە باشترین یاریزانی تۆپی پێی هەیە، گۆڵێکی زۆر جوانی کرد"
PENDING = HoldReason.RELEVANCE_PENDING.value
SEMANTIC = HoldReason.SEMANTIC_PENDING.value
# A Persian insult in words the linear model barely knows (project-written).
PERSIAN_INSULT = "تو واقعا آدم بی‌ارزش و حقیری هستی"


@pytest.fixture
def deferred(settings):
    settings.MAJLIS_CROSS_LANGUAGE_RELEVANCE = "deferred"
    settings.MAJLIS_SEMANTIC_SCORES = "deferred"


def _system_decisions(comment):
    return list(comment.decisions.filter(actor_kind=ActorKind.SYSTEM).order_by("created_at", "id"))


def test_first_pass_holds_a_cross_language_comment_with_its_relevance_for_later(
    deferred, make_comment
):
    comment = make_comment(SORANI_ON_TOPIC)
    comment.refresh_from_db()
    (first,) = _system_decisions(comment)
    assert comment.status == CommentStatus.PENDING and comment.language == "ckb"
    assert first.decision == DecisionKind.HOLD
    assert {HoldReason.LANGUAGE_UNTRUSTED.value, PENDING} <= set(first.reasons)
    assert "off_topic" not in first.scores and "profanity" in first.scores
    assert comments_awaiting_rescore(limit=10) == [comment.pk]


def test_an_english_comment_the_words_settle_is_never_left_for_later(deferred, make_comment):
    comment = make_comment("Thanks for the clear report on the troop withdrawal from Iraq.")
    (first,) = _system_decisions(comment)
    assert PENDING not in first.reasons and "off_topic" in first.scores
    assert SEMANTIC not in first.reasons
    assert comments_awaiting_rescore(limit=10) == []


@pytest.mark.parametrize(
    ("text", "moves"),
    [
        ("Pulling troops out of Iraq now will embolden the militias.", "down"),
        ("People like you who cheer this withdrawal should be ashamed, you traitors.", "up"),
    ],
)
def test_an_english_comment_the_words_leave_uncertain_waits_for_the_transformer(
    deferred, make_comment, text, moves
):
    comment = make_comment(text)
    (first,) = _system_decisions(comment)
    assert comment.language == "en" and first.decision == DecisionKind.HOLD
    assert SEMANTIC in first.reasons and PENDING not in first.reasons
    assert "off_topic" in first.scores  # relevance by shared words: never left for later
    assert comments_awaiting_rescore(limit=10) == [comment.pk]

    assert comments_rescore_batch(comment_ids=[comment.pk])["rescored"] == 1

    comment.refresh_from_db()
    _, second = _system_decisions(comment)
    assert SEMANTIC not in second.reasons
    words = max(v for k, v in first.scores.items() if k != "off_topic")
    read = max(v for k, v in second.scores.items() if k != "off_topic")
    assert (read < words) if moves == "down" else (read > words)
    assert comments_awaiting_rescore(limit=10) == []


def test_the_meaning_is_left_for_later_and_the_rescore_folds_it_in(deferred, make_comment):
    comment = make_comment(PERSIAN_INSULT)
    (first,) = _system_decisions(comment)
    assert comment.language == "fa"
    assert {SEMANTIC, PENDING, HoldReason.LANGUAGE_UNTRUSTED.value} <= set(first.reasons)
    assert comments_awaiting_rescore(limit=10) == [comment.pk]

    assert comments_rescore_batch(comment_ids=[comment.pk])["rescored"] == 1

    comment.refresh_from_db()
    _, second = _system_decisions(comment)
    assert SEMANTIC not in second.reasons and PENDING not in second.reasons
    assert f",{SEMANTIC}," not in comment.reason_codes
    words = max(v for k, v in first.scores.items() if k != "off_topic")
    meaning = max(v for k, v in second.scores.items() if k != "off_topic")
    assert meaning > words  # the meaning says what the words could not
    assert comments_awaiting_rescore(limit=10) == []


def test_a_comment_under_a_story_in_its_own_language_waits_for_the_meaning_alone(
    deferred, make_comment, story
):
    story.title = "نرخ نان در تهران دوباره بالا رفت"
    story.body = "نانوایی‌ها می‌گویند قیمت آرد در یک ماه دو برابر شده است."
    story.language = "fa"
    story.save()
    comment = make_comment("قیمت نان این ماه دوباره بالا رفت و حقوق ما همان است")
    (first,) = _system_decisions(comment)
    assert SEMANTIC in first.reasons and PENDING not in first.reasons
    assert "off_topic" in first.scores  # same language: by shared words, now
    assert comments_awaiting_rescore(limit=10) == [comment.pk]
    assert comments_rescore_batch(comment_ids=[comment.pk])["rescored"] == 1


@pytest.mark.parametrize("mode", ["inline", "off"])
def test_inline_or_off_never_leaves_the_meaning_for_later(settings, make_comment, mode):
    settings.MAJLIS_SEMANTIC_SCORES = mode
    settings.MAJLIS_CROSS_LANGUAGE_RELEVANCE = "inline"
    comment = make_comment(PERSIAN_INSULT)
    (first,) = _system_decisions(comment)
    assert SEMANTIC not in first.reasons and PENDING not in first.reasons
    assert comments_awaiting_rescore(limit=10) == []


def test_inline_scores_relevance_across_languages_in_the_first_pass(settings, make_comment):
    settings.MAJLIS_CROSS_LANGUAGE_RELEVANCE = "inline"
    settings.MAJLIS_SEMANTIC_SCORES = "inline"
    comment = make_comment(SORANI_OFF_TOPIC)
    (first,) = _system_decisions(comment)
    assert PENDING not in first.reasons and first.scores["off_topic"] > 0.5
    assert comments_awaiting_rescore(limit=10) == []


def test_the_rescore_adds_relevance_and_records_a_second_system_decision(deferred, make_comment):
    on_topic = make_comment(SORANI_ON_TOPIC)
    off_topic = make_comment(SORANI_OFF_TOPIC, author_email="other@example.org")

    counts = comments_rescore_batch(comment_ids=[on_topic.pk, off_topic.pk])

    assert counts == {"rescored": 2, "skipped": 0, "failed": 0}
    scores = {}
    for comment in (on_topic, off_topic):
        comment.refresh_from_db()
        first, second = _system_decisions(comment)
        assert comment.status == CommentStatus.PENDING  # Sorani may not auto-decide
        assert second.decision == DecisionKind.HOLD and PENDING not in second.reasons
        assert HoldReason.LANGUAGE_UNTRUSTED.value in second.reasons
        assert f",{PENDING}," not in comment.reason_codes
        # the first pass's scores are all there, now with off_topic beside them
        assert set(second.scores) == set(first.scores) | {"off_topic"}
        scores[comment.pk] = second.scores["off_topic"]
    assert scores[on_topic.pk] < 0.5 < scores[off_topic.pk]
    # the queue can now find the off-topic one by its reason
    assert ",off_topic," in off_topic.reason_codes
    assert comments_awaiting_rescore(limit=10) == []
    # a second rescore of the same comments has nothing left to do
    assert comments_rescore_batch(comment_ids=[on_topic.pk])["skipped"] == 1
    assert len(_system_decisions(on_topic)) == 2


def test_the_rescore_leaves_alone_what_a_moderator_or_a_reader_got_to_first(
    deferred, make_comment, moderator
):
    approved = make_comment(SORANI_ON_TOPIC)
    comment_approve(comment=approved, moderator=moderator)
    reported = make_comment(SORANI_OFF_TOPIC, author_email="r2@example.org")
    comment_approve(comment=reported, moderator=moderator)
    comment_report(comment=reported, note="spam?")

    counts = comments_rescore_batch(comment_ids=[approved.pk, reported.pk])

    assert counts == {"rescored": 0, "skipped": 2, "failed": 0}
    approved.refresh_from_db()
    assert approved.status == CommentStatus.APPROVED
    assert [d.decision for d in approved.decisions.order_by("created_at", "id")] == [
        DecisionKind.HOLD,
        DecisionKind.APPROVE,
    ]
    assert approved.decisions.count() == 2 and reported.decisions.count() == 3


# The follower closes its connection when idle, as a long-running process should.
@pytest.mark.django_db(transaction=True)
def test_a_rescore_whose_classifier_breaks_keeps_the_first_decision(
    deferred, make_comment, monkeypatch
):
    comment = make_comment(SORANI_OFF_TOPIC)

    def broken(self, ctxs):
        raise RuntimeError("model file unreadable")

    monkeypatch.setattr(classifier_check.ClassifierCheck, "check_batch", broken)
    monkeypatch.setattr(
        classifier_check.ClassifierCheck, "check", lambda self, ctx: broken(self, [ctx])
    )

    assert comments_rescore_batch(comment_ids=[comment.pk]) == {
        "rescored": 0,
        "skipped": 0,
        "failed": 1,
    }
    (first,) = _system_decisions(comment)
    assert PENDING in first.reasons and "profanity" in first.scores
    # the follower gives up on it rather than trying it again and again
    assert rescore_follow(batch_size=4, until_done=True) == {
        "rescored": 0,
        "skipped": 0,
        "failed": 1,
    }
    assert comments_awaiting_rescore(limit=10) == [comment.pk]


# The follower closes its connection when idle, as a long-running process should.
@pytest.mark.django_db(transaction=True)
def test_the_follower_rescores_every_waiting_comment_in_batches_oldest_first(
    deferred, make_comment
):
    comments = [
        make_comment(f"{SORANI_ON_TOPIC} {'،' * number}", author_email=f"r{number}@example.org")
        for number in range(5)
    ]
    assert comments_awaiting_rescore(limit=3) == [c.pk for c in comments[:3]]
    assert comments_awaiting_rescore(
        limit=10,
        exclude=[comments[0].pk],
        only=[
            comments[0].pk,
            comments[1].pk,
        ],
    ) == [comments[1].pk]

    assert rescore_follow(batch_size=2, until_done=True) == {
        "rescored": 5,
        "skipped": 0,
        "failed": 0,
    }
    for comment in comments:
        assert len(_system_decisions(comment)) == 2
    assert rescore_follow(batch_size=2, should_stop=lambda: True) == {
        "rescored": 0,
        "skipped": 0,
        "failed": 0,
    }


def test_two_rescores_of_one_comment_at_once_record_one_decision(
    deferred, make_comment, monkeypatch
):
    from majlis.moderation import services

    comment = make_comment(SORANI_OFF_TOPIC)
    real_run = services.pipeline_run_batch
    raced = []

    def run_while_another_process_rescores(*, ctxs):
        results = real_run(ctxs=ctxs)
        if not raced:  # the other process finishes while this one is still scoring
            raced.append(True)
            assert comments_rescore_batch(comment_ids=[comment.pk])["rescored"] == 1
        return results

    monkeypatch.setattr(services, "pipeline_run_batch", run_while_another_process_rescores)

    assert comments_rescore_batch(comment_ids=[comment.pk])["rescored"] == 0
    assert len(_system_decisions(comment)) == 2


def _priority() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


# The follower closes its connection when idle, as a long-running process should.
@pytest.mark.django_db(transaction=True)
def test_the_follower_scores_at_low_priority_and_writes_at_normal_priority(
    deferred, make_comment, monkeypatch
):
    from majlis.moderation import pipeline, services

    comment = make_comment(SORANI_OFF_TOPIC)
    # A fresh rescore process has no check threads yet: they start from its scoring thread.
    monkeypatch.setattr(pipeline, "_threads", pipeline.CheckThreads())
    seen = {}
    real_check, real_write = (
        classifier_check.ClassifierCheck.check_batch,
        services._system_decisions_write_many,
    )

    def scoring(self, ctxs):
        seen["scoring"] = _priority()
        return real_check(self, ctxs)

    def writing(*args, **kwargs):
        seen["writing"] = _priority()
        return real_write(*args, **kwargs)

    monkeypatch.setattr(classifier_check.ClassifierCheck, "check_batch", scoring)
    monkeypatch.setattr(services, "_system_decisions_write_many", writing)
    normal = _priority()

    assert rescore_follow(batch_size=4, until_done=True, nice=5)["rescored"] == 1
    assert seen == {"scoring": min(normal + 5, 19), "writing": normal}
    assert len(_system_decisions(comment)) == 2


@pytest.mark.django_db(transaction=True)
def test_the_follower_retries_a_batch_that_raised_then_gives_up_on_it(
    deferred, make_comment, monkeypatch
):
    from majlis.moderation import services

    comment = make_comment(SORANI_OFF_TOPIC)
    real_batch = services.comments_rescore_batch
    raised = []

    def database_away_twice(**kwargs):
        if len(raised) < 2:
            raised.append(True)
            raise ConnectionError("database restarting")
        return real_batch(**kwargs)

    monkeypatch.setattr(services, "comments_rescore_batch", database_away_twice)
    assert rescore_follow(batch_size=4, until_done=True, idle_seconds=0) == {
        "rescored": 1,
        "skipped": 0,
        "failed": 0,
    }
    assert len(raised) == 2 and len(_system_decisions(comment)) == 2

    other = make_comment(SORANI_ON_TOPIC, author_email="o@example.org")

    def database_gone(**kwargs):
        raise ConnectionError("database gone")

    monkeypatch.setattr(services, "comments_rescore_batch", database_gone)
    assert rescore_follow(batch_size=4, until_done=True, idle_seconds=0) == {
        "rescored": 0,
        "skipped": 0,
        "failed": 1,
    }
    assert comments_awaiting_rescore(limit=10) == [other.pk]  # still held, for the next start
