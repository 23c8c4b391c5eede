from __future__ import annotations

import pytest

from majlis.comments.models import Comment, CommentStatus
from majlis.moderation.services import comment_approve, comment_reject

from .helpers import assert_error, comment_body, post_json


@pytest.fixture
def published(client, story, moderator):
    comment = Comment.objects.get(
        pk=post_json(client, "/api/v1/comments", comment_body(story)).json()["id"]
    )
    comment_approve(comment=comment, moderator=moderator)
    return comment


def report(client, comment_id, body=None):
    return post_json(client, f"/api/v1/comments/{comment_id}/report", body or {})


def test_report_holds_a_published_comment_as_reported(client, published):
    response = report(client, published.pk, {"reason": "It insults another reader."})
    assert response.status_code == 202
    assert response.json() == {"id": published.pk, "status": "pending"}
    published.refresh_from_db()
    assert published.status == CommentStatus.PENDING
    assert published.reasons == ["reported"]
    assert published.decisions.latest().note == "It insults another reader."


def test_second_report_is_accepted_without_a_second_decision(client, published):
    report(client, published.pk)
    assert report(client, published.pk).status_code == 202
    assert published.decisions.filter(reasons__icontains="reported").count() == 1


def test_report_without_body(client, published):
    # What `fetch(url, {method: "POST"})` sends: no body at all.
    response = client.post(
        f"/api/v1/comments/{published.pk}/report", content_type="application/json"
    )
    assert response.status_code == 202


def test_report_of_unknown_pending_or_rejected_comment_is_404(client, story, moderator):
    assert_error(report(client, 123456), 404)
    pending_id = post_json(client, "/api/v1/comments", comment_body(story)).json()["id"]
    assert_error(report(client, pending_id), 404)
    comment_reject(
        comment=Comment.objects.get(pk=pending_id), moderator=moderator, reasons=["profanity"]
    )
    assert_error(report(client, pending_id), 404)


@pytest.mark.parametrize("bad_id", ["abc", "0", "-1", "9" * 40])
def test_report_bad_ids(client, db, bad_id):
    response = client.post(f"/api/v1/comments/{bad_id}/report", content_type="application/json")
    assert_error(response, 422, "comment_id")


def test_report_reason_too_long(client, published):
    assert_error(report(client, published.pk, {"reason": "r" * 501}), 422, "reason")


def test_report_rate_limited(client, published, settings):
    settings.MAJLIS_RATE_LIMITS = {**settings.MAJLIS_RATE_LIMITS, "report_ip": (1, 600)}
    report(client, published.pk)
    assert_error(report(client, published.pk), 429)
