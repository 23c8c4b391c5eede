from __future__ import annotations

import threading
import time

import pytest

from majlis.comments.models import CommentStatus
from majlis.moderation import pipeline
from majlis.moderation.checks import CheckResult, ContactDetailsCheck, Span, WordListCheck
from majlis.moderation.constants import ActorKind


class RaisingCheck:
    timeout_seconds = None

    def check(self, ctx):
        raise RuntimeError("model file missing")


class HangingCheck:
    timeout_seconds = 0.2

    def __init__(self) -> None:
        self.release = threading.Event()

    def check(self, ctx):
        self.release.wait(30)
        return CheckResult(scores={"threat": 0.0})


class WrongReturnCheck:
    timeout_seconds = None

    def check(self, ctx):
        return {"threat": 0.0}


@pytest.fixture
def hanging():
    check = HangingCheck()
    yield check
    check.release.set()


def use_checks(monkeypatch, *checks):
    monkeypatch.setattr(
        pipeline, "configured_checks", lambda: [(type(c).__name__, c) for c in checks]
    )


def test_configured_checks_follow_settings(settings):
    settings.MAJLIS_MODERATION_CHECKS = [
        "majlis.moderation.checks.WordListCheck",
        "majlis.moderation.checks.StoryClosedCheck",
    ]
    assert [name for name, _ in pipeline.configured_checks()] == [
        "WordListCheck",
        "StoryClosedCheck",
    ]


@pytest.mark.parametrize("bad_check", [RaisingCheck, WrongReturnCheck])
def test_a_failing_check_holds_the_comment_unscored(monkeypatch, make_comment, bad_check):
    use_checks(monkeypatch, bad_check(), WordListCheck())
    comment = make_comment("What utter bullshit.")
    comment.refresh_from_db()
    decision = comment.decisions.get()
    assert comment.status == CommentStatus.PENDING
    assert decision.decision == "hold"
    assert "unscored" in decision.reasons
    # The other checks still ran and their signals are kept for the moderator.
    assert decision.scores["profanity"] > 0.9
    assert "error" in decision.signals["checks"][bad_check.__name__]
    assert decision.signals["checks"]["WordListCheck"]["spans"]


def test_a_hanging_check_times_out_and_holds_unscored(monkeypatch, make_comment, hanging):
    use_checks(monkeypatch, hanging, ContactDetailsCheck())
    comment = make_comment("Call 0750 123 4567 now")
    comment.refresh_from_db()
    decision = comment.decisions.get()
    assert comment.status == CommentStatus.PENDING
    assert decision.reasons[0] == "unscored"
    assert "TimeoutError" in decision.signals["checks"]["HangingCheck"]["error"]
    assert decision.scores["promotion"] >= 0.9


def test_signals_of_every_check_are_stored(make_comment, settings):
    comment = make_comment("Fucking liars, WhatsApp me on 0750 123 4567")
    decision = comment.decisions.get()
    assert decision.actor_kind == ActorKind.SYSTEM
    configured = {path.rsplit(".", 1)[-1] for path in settings.MAJLIS_MODERATION_CHECKS}
    assert set(decision.signals["checks"]) == configured
    assert {"ContactDetailsCheck", "WordListCheck"} <= configured
    categories = {span["category"] for span in decision.spans}
    assert {"profanity", "promotion"} <= categories
    for span in decision.spans:
        assert 0 <= span["start"] < span["end"] <= len(comment.text)


def test_pipeline_crash_outside_checks_still_leaves_comment_pending(monkeypatch, make_comment):
    def broken_context(*, comment):
        raise RuntimeError("database went away")

    monkeypatch.setattr("majlis.moderation.services.context_build", broken_context)
    comment = make_comment()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING
    assert comment.decisions.get().reasons == ["unscored"]


class SoraniCheck:
    timeout_seconds = None

    def check(self, ctx):
        return CheckResult(language="ckb", language_confidence=0.93)


def test_detected_language_is_stored_and_picks_the_language_policy(monkeypatch, site, make_comment):
    from majlis.moderation.models import Policy

    Policy.objects.create(site=site, language="ckb", mode="review_all")
    use_checks(monkeypatch, SoraniCheck(), WordListCheck())
    comment = make_comment("Fucking liars.")
    comment.refresh_from_db()
    assert (comment.language, comment.language_confidence) == ("ckb", 0.93)
    decision = comment.decisions.get()
    # review_all for Sorani: even a clear word-list hit waits for a human.
    assert (decision.decision, decision.policy_version) == ("hold", "news/ckb@v1")


class NonsenseCheck:
    timeout_seconds = None

    def __init__(self, result):
        self.result = result

    def check(self, ctx):
        return self.result


@pytest.mark.parametrize(
    "result",
    [
        CheckResult(scores={"threat": float("nan")}),
        CheckResult(scores={"threat": 1.5}),
        CheckResult(scores={"rudeness": 0.5}),
        CheckResult(abuse_target={"religion": -0.1}),
        CheckResult(spans=[Span(0, 999, "threat")]),
        CheckResult(spans=[Span(0, 2, "threat", float("inf"))]),
    ],
)
def test_malformed_signals_count_as_a_failed_check(monkeypatch, make_comment, result):
    use_checks(monkeypatch, NonsenseCheck(result))
    comment = make_comment("Short text.")
    decision = comment.decisions.get()
    assert decision.reasons == ["unscored"]
    assert decision.scores == {}


def test_comment_survives_when_even_the_unscored_hold_cannot_be_written(monkeypatch, make_comment):
    from majlis.comments.models import Comment
    from majlis.moderation.services import comments_moderate_pending

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("majlis.moderation.services.context_build", broken)
    monkeypatch.setattr("majlis.moderation.services.comment_hold_unscored", broken)
    comment = make_comment("Posted while everything was failing.")
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.status == CommentStatus.PENDING and stored.decisions.count() == 0
    monkeypatch.undo()
    assert comments_moderate_pending() == {"moderated": 1, "failed": 0}
    assert stored.decisions.get().actor_kind == ActorKind.SYSTEM


def test_system_check_reports_unimportable_moderation_checks(settings):
    from majlis.moderation.apps import moderation_checks_importable

    assert moderation_checks_importable(None) == []
    settings.MAJLIS_MODERATION_CHECKS = ["majlis.moderation.checks.NoSuchCheck", "json.dumps"]
    assert [e.id for e in moderation_checks_importable(None)] == ["majlis.E001", "majlis.E002"]


def _check_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "majlis-checks" and t.is_alive()]


def test_check_threads_are_reused_from_comment_to_comment(make_comment, settings):
    make_comment("A first comment warms the check threads up.")
    before = len(_check_threads())
    assert before >= 1
    for number in range(10):
        make_comment(f"Comment number {number} about the drawdown.", author_email=f"{number}@x.org")
    assert len(_check_threads()) == before


def test_checks_after_a_hung_one_still_run_within_their_own_budgets(hanging):
    ctx = pipeline.CheckContext(
        comment_id=None,
        text="Call 0750 123 4567 now",
        author_name="A",
        author_email="a@x.org",
        story_id=1,
        story_title="T",
        story_body="",
        story_language="en",
        comments_open=True,
        max_length=3000,
    )
    checks = [
        ("HangingCheck", hanging),
        ("ContactDetailsCheck", ContactDetailsCheck()),
        ("WordListCheck", WordListCheck()),
    ]

    started = time.perf_counter()
    result = pipeline.pipeline_run(ctx=ctx, checks=checks)
    elapsed = time.perf_counter() - started
    assert "TimeoutError" in result.signals["HangingCheck"]["error"]
    assert result.flags == ["unscored"]
    assert result.scores["promotion"] >= 0.9
    assert "scores" in result.signals["WordListCheck"]
    assert 0.2 <= elapsed < 5  # the hung check cost its budget, not its 30 s
    # While that thread is still stuck, the next comment is checked normally.
    again = pipeline.pipeline_run(ctx=ctx, checks=checks[1:])
    assert again.flags == [] and again.scores["promotion"] >= 0.9
