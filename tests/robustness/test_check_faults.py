"""A check that raises or hangs: the comment is kept, held for a human as ``unscored`` with the
error recorded, the poster gets a normal 202 and readers a normal thread."""

from __future__ import annotations

import json
import time

import pytest

from majlis.comments.models import Comment, CommentStatus
from majlis.moderation.models import Decision

FAULTY = {
    "raises": "robustness.faulty_checks.RaisingCheck",
    "hangs": "robustness.faulty_checks.HangingCheck",
}


def _post(client, story, text):
    return client.post(
        "/api/v1/comments",
        json.dumps(
            {
                "story_id": story.pk,
                "author_name": "Reader",
                "author_email": "reader@example.org",
                "text": text,
                "website": "",
            }
        ),
        content_type="application/json",
        headers={"Idempotency-Key": f"fault-{text[:20]}"},
    )


@pytest.mark.parametrize("fault", sorted(FAULTY))
def test_faulty_check_holds_comment_as_unscored(fault, client, settings, story):
    settings.MAJLIS_MODERATION_CHECKS = [*settings.MAJLIS_MODERATION_CHECKS, FAULTY[fault]]
    settings.MAJLIS_DEFAULT_POLICY = {**settings.MAJLIS_DEFAULT_POLICY, "mode": "auto"}
    started = time.monotonic()
    response = _post(client, story, f"A calm on-topic remark about the drawdown ({fault})")
    elapsed = time.monotonic() - started

    assert response.status_code == 202, response.content
    assert response.json()["status"] == "pending"
    assert elapsed < 10, "a hung check must be abandoned at its budget, not waited for"
    comment = Comment.objects.get(pk=response.json()["id"])
    assert comment.status == CommentStatus.PENDING
    assert "unscored" in comment.reasons
    decision = Decision.objects.filter(comment=comment).latest("id")
    assert decision.decision == "hold" and "unscored" in decision.reasons
    failed = {
        name: info for name, info in decision.signals.get("checks", {}).items() if "error" in info
    }
    assert list(failed) == [FAULTY[fault].rsplit(".", 1)[-1]]
    assert ("RuntimeError" if fault == "raises" else "TimeoutError") in str(failed)
    # The other checks still ran and left their signals.
    assert len(decision.signals["checks"]) == len(settings.MAJLIS_MODERATION_CHECKS)

    thread = client.get("/api/v1/threads", {"site": story.site.slug, "url": story.url})
    assert thread.status_code == 200
    assert thread.json()["count"] == 0


def test_retry_after_fault_does_not_duplicate(client, settings, story):
    settings.MAJLIS_MODERATION_CHECKS = [*settings.MAJLIS_MODERATION_CHECKS, FAULTY["raises"]]
    first = _post(client, story, "The same remark sent twice while a check is broken")
    second = _post(client, story, "The same remark sent twice while a check is broken")
    assert first.status_code == second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    assert Comment.objects.filter(story=story).count() == 1
