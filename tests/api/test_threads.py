from __future__ import annotations

import pytest

from majlis.comments.models import Comment
from majlis.moderation.services import comment_approve, comment_reject
from majlis.stories.models import Story

from .helpers import assert_error, comment_body, post_json

URL = "/api/v1/threads"


@pytest.fixture
def thread(client, story, moderator):
    """Three published top-level comments, one published reply, one pending, one rejected."""
    ids = {}
    for name in ("first", "second", "third", "pending", "rejected"):
        body = comment_body(story, author_email=f"{name}@example.org", text=f"The {name} comment.")
        ids[name] = post_json(client, "/api/v1/comments", body).json()["id"]
    for name in ("first", "second", "third"):
        comment_approve(comment=Comment.objects.get(pk=ids[name]), moderator=moderator)
    comment_reject(
        comment=Comment.objects.get(pk=ids["rejected"]), moderator=moderator, reasons=["off_topic"]
    )
    body = comment_body(
        story,
        parent_id=ids["first"],
        author_email="reply@example.org",
        text="A reply to the first.",
    )
    ids["reply"] = post_json(client, "/api/v1/comments", body).json()["id"]
    comment_approve(comment=Comment.objects.get(pk=ids["reply"]), moderator=moderator)
    return ids


def get_thread(client, story, **params):
    return client.get(URL, {"site": story.site.slug, "url": story.url, **params})


def test_thread_lists_only_published_comments_threaded(client, story, thread):
    response = get_thread(client, story, order="oldest")
    assert response.status_code == 200
    body = response.json()
    assert body["story"] == {
        "id": story.pk,
        "title": story.title,
        "url": story.url,
        "language": "en",
        "comments_open": True,
    }
    assert body["count"] == 4
    assert [c["id"] for c in body["results"]] == [
        thread["first"],
        thread["second"],
        thread["third"],
    ]
    assert [r["id"] for r in body["results"][0]["replies"]] == [thread["reply"]]
    assert body["results"][0]["replies"][0]["parent_id"] == thread["first"]


def test_thread_never_leaks_private_data(client, story, thread):
    raw = get_thread(client, story).content.decode()
    for secret in ("@example.org", "pending comment", "rejected comment", "ip_hash", "127.0.0.1"):
        assert secret not in raw


def test_thread_newest_first_and_pagination(client, story, thread, settings):
    settings.MAJLIS_THREAD_PAGE_SIZE = 2
    page1 = get_thread(client, story, order="newest").json()
    page2 = get_thread(client, story, order="newest", page=2).json()
    assert (page1["pages"], page1["page"], page2["page"]) == (2, 1, 2)
    assert [c["id"] for c in page1["results"]] == [thread["third"], thread["second"]]
    assert [c["id"] for c in page2["results"]] == [thread["first"]]
    assert get_thread(client, story, page=3).json()["results"] == []


def test_etag_and_not_modified(client, story, thread, moderator):
    first = get_thread(client, story)
    assert first["Cache-Control"] == "public, no-cache"
    etag = first["ETag"]
    again = client.get(
        URL, {"site": story.site.slug, "url": story.url}, headers={"If-None-Match": etag}
    )
    assert again.status_code == 304 and again.content == b""
    comment_reject(
        comment=Comment.objects.get(pk=thread["second"]), moderator=moderator, reasons=["threat"]
    )
    changed = client.get(
        URL, {"site": story.site.slug, "url": story.url}, headers={"If-None-Match": etag}
    )
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert thread["second"] not in [c["id"] for c in changed.json()["results"]]


def test_reported_comment_leaves_the_thread(client, story, thread):
    assert post_json(client, f"/api/v1/comments/{thread['third']}/report", {}).status_code == 202
    assert thread["third"] not in [c["id"] for c in get_thread(client, story).json()["results"]]


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"site": "nope"}, 404, "site"),
        ({"url": "https://news.example/unknown/"}, 404, "url"),
        ({"url": "not a url"}, 422, "url"),
        ({"order": "random"}, 422, "order"),
        ({"page": "0"}, 422, "page"),
        ({"page": "x"}, 422, "page"),
        ({"page": "9" * 30}, 422, "page"),
    ],
)
def test_thread_errors(client, story, params, status, field):
    query = {"site": story.site.slug, "url": story.url, **params}
    assert_error(client.get(URL, query), status, field)


def test_thread_requires_site_and_url(client, db):
    assert_error(client.get(URL), 422, "site")


def test_thread_get_or_create(client, site):
    body = {
        "site": site.slug,
        "url": "https://news.example/new-story/#comments",
        "title": "A new story",
        "language": "ckb",
    }
    created = post_json(client, URL, body)
    assert created.status_code == 201
    assert created.json()["url"] == "https://news.example/new-story/"
    assert created.json()["language"] == "ckb"
    again = post_json(client, URL, {**body, "title": "Another title"})
    assert again.status_code == 200
    assert again.json() == created.json()


def test_thread_create_keeps_the_description_for_relevance(client, site):
    body = {
        "site": site.slug,
        "url": "https://news.example/described/",
        "title": "US to cut troops in Iraq to 2,500",
        "description": "The Pentagon will withdraw 500 soldiers from bases in Baghdad and Erbil.",
    }
    created = post_json(client, URL, body)
    assert created.status_code == 201
    story = Story.objects.get(pk=created.json()["id"])
    assert story.body == body["description"]


@pytest.mark.parametrize(
    ("override", "status", "field"),
    [
        ({"site": "nope"}, 404, "site"),
        ({"url": "javascript:alert(1)"}, 422, "url"),
        ({"url": "ftp://news.example/x"}, 422, "url"),
        ({"url": "https://"}, 422, "url"),
        ({"url": "https://news.example/" + "x" * 600}, 422, "url"),
        ({"title": ""}, 422, "title"),
        ({"title": "t" * 301}, 422, "title"),
        ({"language": "toolonglanguage"}, 422, "language"),
        ({"description": "d" * 2001}, 422, "description"),
        ({"description": "bad\u0007bell"}, 422, "description"),
    ],
)
def test_thread_create_errors(client, site, override, status, field):
    body = {"site": site.slug, "url": "https://news.example/s/", "title": "T", **override}
    assert_error(post_json(client, URL, body), status, field)


def test_closing_a_story_shows_in_the_cached_thread(client, story, thread):
    assert get_thread(client, story).json()["story"]["comments_open"] is True
    story.comments_open = False
    story.save()
    assert get_thread(client, story).json()["story"]["comments_open"] is False


def test_approval_shows_at_once_despite_the_cache(client, story, thread, moderator):
    assert thread["pending"] not in [c["id"] for c in get_thread(client, story).json()["results"]]
    comment_approve(comment=Comment.objects.get(pk=thread["pending"]), moderator=moderator)
    assert thread["pending"] in [c["id"] for c in get_thread(client, story).json()["results"]]
