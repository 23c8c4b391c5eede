from __future__ import annotations

import threading

import pytest
from django.db import connection

from majlis.comments.models import Comment, CommentStatus
from majlis.moderation.constants import ActorKind
from majlis.moderation.errors import IllegalTransition, InvalidDecision
from majlis.moderation.models import Decision, Policy
from majlis.moderation.services import (
    comment_approve,
    comment_moderate,
    comment_reject,
    comment_report,
    comments_moderate_pending,
)


@pytest.fixture
def pending(make_comment):
    comment = make_comment("The drawdown was announced an hour before the rockets landed.")
    assert comment.status == CommentStatus.PENDING
    return comment


def latest(comment):
    return Decision.objects.filter(comment=comment).latest()


def test_new_comment_is_pending_with_a_system_hold(pending):
    decision = pending.decisions.get()
    assert (decision.actor_kind, decision.decision) == (ActorKind.SYSTEM, "hold")
    assert decision.policy_version == "default"


def test_approve(pending, moderator):
    decision = comment_approve(comment=pending, moderator=moderator, note="fine")
    pending.refresh_from_db()
    assert pending.status == CommentStatus.APPROVED
    assert (decision.moderator, decision.decision, decision.note) == (moderator, "approve", "fine")


def test_reject_with_reasons_and_abuse_target(pending, moderator):
    decision = comment_reject(
        comment=pending,
        moderator=moderator,
        reasons=["abuse", "personal_attack"],
        abuse_target="religion",
        note="slur",
    )
    pending.refresh_from_db()
    assert pending.status == CommentStatus.REJECTED
    assert pending.reasons == ["abuse", "personal_attack"]
    assert (decision.reasons, decision.abuse_target) == (["abuse", "personal_attack"], "religion")


@pytest.mark.parametrize(
    ("reasons", "target"),
    [([], None), (["rudeness"], None), (["reported"], None), (["abuse"], "vegetarians")],
)
def test_reject_refuses_unknown_reasons(pending, moderator, reasons, target):
    with pytest.raises(InvalidDecision):
        comment_reject(comment=pending, moderator=moderator, reasons=reasons, abuse_target=target)
    assert Comment.objects.get(pk=pending.pk).status == CommentStatus.PENDING


def test_reversal_adds_decisions_and_status_follows_the_latest(pending, moderator):
    comment_approve(comment=pending, moderator=moderator)
    comment_reject(comment=pending, moderator=moderator, reasons=["off_topic"])
    comment_approve(comment=pending, moderator=moderator, note="on reflection, relevant")
    pending.refresh_from_db()
    assert [d.decision for d in pending.decisions.all()] == ["hold", "approve", "reject", "approve"]
    assert pending.status == CommentStatus.APPROVED == latest(pending).resulting_status


def test_illegal_transitions(pending, moderator):
    comment_approve(comment=pending, moderator=moderator)
    with pytest.raises(IllegalTransition):
        comment_approve(comment=pending, moderator=moderator)
    with pytest.raises(IllegalTransition):
        comment_moderate(comment=pending)
    comment_reject(comment=pending, moderator=moderator, reasons=["profanity"])
    with pytest.raises(IllegalTransition):
        comment_reject(comment=pending, moderator=moderator, reasons=["profanity"])
    with pytest.raises(IllegalTransition):
        comment_report(comment=pending)
    assert pending.decisions.count() == 3


def test_report_returns_a_published_comment_to_the_queue(pending, moderator):
    with pytest.raises(IllegalTransition):
        comment_report(comment=pending)  # not published yet
    comment_approve(comment=pending, moderator=moderator)
    decision = comment_report(comment=pending, note="insults me")
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING
    assert (decision.decision, decision.reasons, decision.note) == (
        "hold",
        ["reported"],
        "insults me",
    )


def test_reject_emails_the_author_in_plain_words(
    pending, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_reject(
            comment=pending, moderator=moderator, reasons=["abuse"], abuse_target="race_ethnicity"
        )
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["reader@example.org"]
    assert "abuse (racism)" in mail.body
    assert pending.text in mail.body


def test_approve_emails_only_when_the_policy_asks(
    site, pending, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=pending, moderator=moderator)
    assert mailoutbox == []
    Policy.objects.create(site=site, notify_on_approve=True)
    comment_reject(comment=pending, moderator=moderator, reasons=["off_topic"])
    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=pending, moderator=moderator)
    assert [m.subject for m in mailoutbox] == ["Your comment is published"]


def test_automatic_rejection_also_tells_the_author(
    make_comment, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment("Fucking liars.")
    assert comment.status == CommentStatus.REJECTED
    assert len(mailoutbox) == 1
    assert "profanity" in mailoutbox[0].body


def test_moderate_pending_picks_up_comments_the_system_never_decided(story):
    orphan = Comment.objects.create(
        story=story, author_name="R", author_email="r@example.org", text="Crashed before checks."
    )
    assert orphan.decisions.count() == 0
    assert comments_moderate_pending() == {"moderated": 1, "failed": 0}
    orphan.refresh_from_db()
    assert orphan.decisions.get().actor_kind == ActorKind.SYSTEM
    assert comments_moderate_pending() == {"moderated": 0, "failed": 0}


def test_moderate_pending_can_retry_unscored(monkeypatch, make_comment):
    monkeypatch.setattr(
        "majlis.moderation.services.context_build",
        lambda *, comment: (_ for _ in ()).throw(RuntimeError("down")),
    )
    comment = make_comment()
    monkeypatch.undo()
    assert comments_moderate_pending() == {"moderated": 0, "failed": 0}
    assert comments_moderate_pending(include_unscored=True) == {"moderated": 1, "failed": 0}
    assert latest(comment).reasons == ["needs_review"]


@pytest.mark.django_db(transaction=True)
def test_two_moderators_deciding_at_once_notify_once(
    story, moderator, second_moderator, mailoutbox
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks across threads need a server database (runs on PostgreSQL)")
    from majlis.comments.services import comment_create

    comment = comment_create(
        story=story,
        author_name="R",
        author_email="r@example.org",
        text="Both moderators open this at once.",
        ip_address="203.0.113.9",
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def reject(user):
        barrier.wait()
        try:
            comment_reject(
                comment=Comment.objects.get(pk=comment.pk), moderator=user, reasons=["off_topic"]
            )
            outcomes.append("rejected")
        except IllegalTransition:
            outcomes.append("illegal")
        finally:
            connection.close()

    threads = [threading.Thread(target=reject, args=(u,)) for u in (moderator, second_moderator)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["illegal", "rejected"]
    assert Decision.objects.filter(comment=comment, decision="reject").count() == 1
    assert len(mailoutbox) == 1
