"""Hostile text through the public API and the workspace: every input gets 202 or a JSON 4xx
(never a 5xx); what is accepted is stored, served and shown exactly as the author typed it."""

from __future__ import annotations

import json

import pytest
from django.utils.html import escape

from majlis.comments.models import Comment
from majlis.moderation.services import comment_approve

from .hostile_corpus import MARKUP, REFUSED, TRICKS


def _post(client, body: bytes | str, **headers):
    return client.post("/api/v1/comments", body, content_type="application/json", headers=headers)


def _body(story, text: str, **fields) -> str:
    return json.dumps(
        {
            "story_id": story.pk,
            "author_name": "Reader",
            "author_email": "reader@example.org",
            "text": text,
            "website": "",
            **fields,
        }
    )


def _assert_json_4xx(response) -> None:
    assert 400 <= response.status_code < 500, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["detail"], str)


@pytest.mark.parametrize("text", MARKUP + TRICKS, ids=lambda t: repr(t[:30]))
def test_accepted_text_is_stored_served_and_shown_as_typed(text, client, story, moderator):
    response = _post(client, _body(story, text))
    assert response.status_code == 202, response.content
    comment = Comment.objects.get(pk=response.json()["id"])
    assert comment.text == text
    comment_approve(comment=comment, moderator=moderator)

    thread = client.get("/api/v1/threads", {"site": story.site.slug, "url": story.url})
    assert thread.status_code == 200
    assert thread["Content-Type"].startswith("application/json")
    assert [node["text"] for node in thread.json()["results"]] == [text]

    client.force_login(moderator)
    page = client.get("/moderation/", {"queue": "approved"}).content.decode()
    if any(mark in text for mark in "<>\"'&"):
        # Markup must arrive as text: never the raw tag (the page may split it in highlights).
        dangerous = ("<script", "<img", "<svg", "<iframe", "<style", "<math", '<a href="javascript')
        for tag_start in dangerous:
            if tag_start in text:
                assert tag_start not in page.split("</header>", 1)[-1].replace(
                    '<script src="/static/majlis/workspace.js" defer>', ""
                ), tag_start
    else:
        assert escape(text) in page


@pytest.mark.parametrize("text", REFUSED, ids=lambda t: repr(t[:20]))
def test_refused_text_gets_a_json_4xx_and_stores_nothing(text, client, story):
    response = _post(client, _body(story, text))
    _assert_json_4xx(response)
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "name",
    [
        "<b>Reader</b>",
        "Reader\r\nSet-Cookie: session=stolen",
        "\u202eredaeR",
        "ر" * 80,
    ],
)
def test_hostile_author_names(name, client, story, moderator):
    response = _post(client, _body(story, "A fair remark about the drawdown.", author_name=name))
    if response.status_code == 202:
        comment = Comment.objects.get(pk=response.json()["id"])
        assert comment.author_name == name.strip()
        comment_approve(comment=comment, moderator=moderator)
        thread = client.get("/api/v1/threads", {"site": story.site.slug, "url": story.url})
        assert thread.json()["results"][0]["author_name"] == name.strip()
        assert "session" not in thread.cookies
    else:
        _assert_json_4xx(response)


RAW_BODIES = [
    b'{"story_id": 1, "author_name": "R", "author_email": "r@example.org", "text": "\xff\xfe"}',
    b"\xef\xbb\xbf{}",  # UTF-8 byte-order mark
    b'{"text": "unterminated',
    b"[]",
    b'"a string"',
    b"null",
    b"42",
    b"1e999",
    b"NaN",
    b'{"story_id": 1e999}',
    b'{"story_id": 99999999999999999999999999}',
    b'{"story_id": -1}',
    b'{"story_id": true}',
    b'{"story_id": "1; DROP TABLE"}',
    b"[" * 50_000 + b"]" * 50_000,  # nesting deep enough to break a recursive parser
    b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
    b"\x00\x00\x00",
]


@pytest.mark.parametrize("raw", RAW_BODIES, ids=lambda b: repr(b[:24]))
def test_malformed_bodies_get_a_json_4xx(raw, client, story):
    response = _post(client, raw)
    _assert_json_4xx(response)
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/threads",
        "/api/v1/comments/1/report",
    ],
)
def test_malformed_bodies_on_other_endpoints(path, client, story):
    for raw in RAW_BODIES:
        response = client.post(path, raw, content_type="application/json")
        _assert_json_4xx(response)
