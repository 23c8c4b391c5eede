from __future__ import annotations

import pytest

from majlis.comments.models import Comment, CommentStatus

from .helpers import assert_error, comment_body, post_json

URL = "/api/v1/comments"


def test_post_comment_is_accepted_pending_and_stored(client, story):
    response = post_json(client, URL, comment_body(story))
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    comment = Comment.objects.get(pk=body["id"])
    assert comment.status == CommentStatus.PENDING
    assert comment.decisions.count() == 1
    assert comment.ip_hash and "127.0.0.1" not in comment.ip_hash


def test_rejected_comment_answers_pending_too(client, story):
    response = post_json(client, URL, comment_body(story, text="Fucking liars."))
    assert response.json()["status"] == "pending"
    assert Comment.objects.get(pk=response.json()["id"]).status == CommentStatus.REJECTED


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "x" * 3001}, "text"),
        ({"text": "nul\x00byte"}, "text"),
        ({"author_name": ""}, "author_name"),
        ({"author_name": "n" * 81}, "author_name"),
        ({"author_email": "not-an-email"}, "author_email"),
        ({"author_email": "a@"}, "author_email"),
        ({"story_id": "abc"}, "story_id"),
        ({"story_id": 0}, "story_id"),
        ({"story_id": 2**64}, "story_id"),
        ({"text": 12}, "text"),
        ({"website": "http://spam.example"}, "website"),
    ],
)
def test_invalid_fields_are_422_with_the_field_named(client, story, override, field):
    assert_error(post_json(client, URL, comment_body(story, **override)), 422, field)
    assert Comment.objects.count() == 0


def test_text_at_the_documented_limit_is_accepted(client, story):
    assert post_json(client, URL, comment_body(story, text="word " * 600)).status_code == 202


@pytest.mark.parametrize("missing", ["story_id", "author_name", "author_email", "text"])
def test_missing_fields_are_422(client, story, missing):
    body = comment_body(story)
    del body[missing]
    assert_error(post_json(client, URL, body), 422, missing)


def test_unknown_story_is_404(client, story):
    assert_error(
        post_json(client, URL, comment_body(story, story_id=story.pk + 1000)), 404, "story_id"
    )


def test_closed_story_is_409(client, story):
    story.comments_open = False
    story.save()
    assert_error(post_json(client, URL, comment_body(story)), 409, "story_id")


def test_reply_to_comment_of_another_story_is_422(client, story, other_story, moderator):
    from majlis.moderation.services import comment_approve

    elsewhere = Comment.objects.get(
        pk=post_json(client, URL, comment_body(other_story)).json()["id"]
    )
    comment_approve(comment=elsewhere, moderator=moderator)
    body = comment_body(story, parent_id=elsewhere.pk, author_email="other@example.org")
    assert_error(post_json(client, URL, body), 422, "parent_id")


def test_reply_to_unknown_or_unpublished_comment_is_404(client, story):
    # As for reports: an unpublished comment is answered as if it did not exist.
    assert_error(post_json(client, URL, comment_body(story, parent_id=999999)), 404, "parent_id")
    pending_id = post_json(client, URL, comment_body(story)).json()["id"]
    body = comment_body(story, parent_id=pending_id, author_email="b@example.org")
    assert_error(post_json(client, URL, body), 404, "parent_id")


def test_reply_to_published_comment(client, story, moderator):
    from majlis.moderation.services import comment_approve

    parent = Comment.objects.get(pk=post_json(client, URL, comment_body(story)).json()["id"])
    comment_approve(comment=parent, moderator=moderator)
    body = comment_body(story, parent_id=parent.pk, author_email="b@example.org", text="Agreed.")
    response = post_json(client, URL, body)
    assert response.status_code == 202
    assert Comment.objects.get(pk=response.json()["id"]).parent == parent


def test_idempotency_key_returns_the_same_comment(client, story):
    first = post_json(client, URL, comment_body(story), **{"Idempotency-Key": "abc-1"})
    again = post_json(client, URL, comment_body(story), **{"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 202
    assert first.json()["id"] == again.json()["id"]
    assert Comment.objects.count() == 1


def test_idempotency_key_reused_for_another_text_is_409(client, story):
    post_json(client, URL, comment_body(story), **{"Idempotency-Key": "abc-2"})
    other = comment_body(story, text="A different comment altogether.")
    assert_error(post_json(client, URL, other, **{"Idempotency-Key": "abc-2"}), 409)
    assert Comment.objects.count() == 1


def test_without_idempotency_key_a_double_submit_is_two_posts_but_held_as_repeat(client, story):
    post_json(client, URL, comment_body(story))
    second = Comment.objects.get(pk=post_json(client, URL, comment_body(story)).json()["id"])
    assert "repeat_post" in second.reasons


def test_rate_limit_per_ip(client, story, settings):
    settings.MAJLIS_RATE_LIMITS = {**settings.MAJLIS_RATE_LIMITS, "comment_ip": (3, 600)}
    for n in range(3):
        body = comment_body(story, author_email=f"r{n}@example.org", text=f"Comment number {n}.")
        assert post_json(client, URL, body).status_code == 202
    response = post_json(client, URL, comment_body(story, author_email="r9@example.org"))
    assert_error(response, 429)
    assert int(response["Retry-After"]) >= 1
    assert Comment.objects.count() == 3


def test_rate_limit_per_email_across_ips(client, story, settings):
    settings.MAJLIS_RATE_LIMITS = {**settings.MAJLIS_RATE_LIMITS, "comment_email": (2, 600)}
    for n in range(2):
        body = comment_body(story, text=f"Comment number {n}.")
        assert (
            client.post(
                URL, body, content_type="application/json", REMOTE_ADDR=f"198.51.100.{n}"
            ).status_code
            == 202
        )
    response = client.post(
        URL,
        comment_body(story, author_email="READER@example.org"),
        content_type="application/json",
        REMOTE_ADDR="198.51.100.50",
    )
    assert_error(response, 429, "author_email")


def test_idempotent_retry_is_not_rate_limited(client, story, settings):
    settings.MAJLIS_RATE_LIMITS = {**settings.MAJLIS_RATE_LIMITS, "comment_ip": (1, 600)}
    first = post_json(client, URL, comment_body(story), **{"Idempotency-Key": "k"})
    retry = post_json(client, URL, comment_body(story), **{"Idempotency-Key": "k"})
    assert retry.status_code == 202 and retry.json()["id"] == first.json()["id"]


@pytest.mark.parametrize(
    ("override", "key", "field"),
    [
        ({"author_email": "nul\x00@example.org"}, "k", "author_email"),
        ({}, "k" * 101, "Idempotency-Key"),
        ({"text": "nul\x00"}, "k", "text"),
    ],
)
def test_idempotent_posts_validate_before_looking_up(client, story, override, key, field):
    body = comment_body(story, **override)
    assert_error(post_json(client, URL, body, **{"Idempotency-Key": key}), 422, field)
