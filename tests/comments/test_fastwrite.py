"""The comment-post layer in front of Django (``majlis.comments.fastwrite``): once it has seen
Django's 202 for posts like these, it answers them itself, and what it answers — status,
headers, body, what is stored — is what Django answers to the same request."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from majlis.comments.fastwrite import CommentPostFastPath
from majlis.comments.models import Comment, CommentStatus
from majlis.moderation.constants import ActorKind

from .wsgi_calls import CountingApp, wsgi_call

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_the_test_connection")]

ORIGIN = "https://news.example"


@pytest.fixture
def layer(settings: Any, site: Any) -> tuple[CommentPostFastPath, CountingApp]:
    settings.MAJLIS_MODERATION_CHECKS = [
        "majlis.moderation.checks.LengthFormatCheck",
        "majlis.moderation.checks.WordListCheck",
    ]
    settings.MAJLIS_RATE_LIMITS = {**settings.MAJLIS_RATE_LIMITS, "comment_ip": (1000, 600)}
    settings.MAJLIS_RATE_LIMITS["comment_email"] = (1000, 600)
    site.allowed_origins = [ORIGIN]
    site.save()
    django = CountingApp()
    return CommentPostFastPath(django), django


_counter = iter(range(1, 10**6))


def post(
    app: Any, story: Any, *, key: str | None = None, origin: str = ORIGIN, **fields: Any
) -> tuple[int, dict[str, str], bytes]:
    raw = fields.pop("raw", None)
    body = {
        "story_id": story.pk,
        "author_name": "Reader",
        "author_email": "reader@example.org",
        "text": f"A fair point about the drawdown, number {next(_counter)}.",
        **fields,
    }
    headers = {"Content-Type": "application/json", "Origin": origin}
    if key is not None:
        headers["Idempotency-Key"] = key
    payload = raw if raw is not None else json.dumps(body).encode()
    return wsgi_call(app, method="POST", path="/api/v1/comments", body=payload, headers=headers)


def same_answer(fast: tuple[int, dict[str, str], bytes], django: tuple[int, dict[str, str], bytes]):
    """Equal but for the comment id and the Content-Length it changes."""
    (status, headers, body), (d_status, d_headers, d_body) = fast, django
    assert status == d_status
    drop = {"Content-Length"}
    assert {k: v for k, v in headers.items() if k not in drop} == {
        k: v for k, v in d_headers.items() if k not in drop
    }
    assert re.sub(rb'"id": \d+', b'"id": N', body) == re.sub(rb'"id": \d+', b'"id": N', d_body)


def test_after_djangos_first_202_posts_are_answered_in_front_of_it_the_same_way(layer, story):
    app, django = layer
    first = post(app, story)
    assert first[0] == 202 and django.calls == 1  # learnt from Django's own answer

    fast = post(app, story)
    assert django.calls == 1  # answered without Django
    same_answer(fast, post(django.django, story))
    # The embed's CORS and the API's security headers are part of what was learnt.
    assert fast[1]["Access-Control-Allow-Origin"] == ORIGIN
    assert fast[1]["Content-Security-Policy"].startswith("default-src 'none'")
    assert int(fast[1]["Content-Length"]) == len(fast[2])

    comment = Comment.objects.get(pk=json.loads(fast[2])["id"])
    assert comment.status == CommentStatus.APPROVED or comment.status == CommentStatus.PENDING
    assert comment.decisions.filter(actor_kind=ActorKind.SYSTEM).count() == 1  # moderated


def test_retries_with_the_same_key_store_once_and_answer_the_same_id(layer, story):
    app, django = layer
    post(app, story)
    text = "Erbil needs a plan with Baghdad before January 15."
    first = post(app, story, key="retry-1", text=text)
    again = post(app, story, key="retry-1", text=text)
    assert django.calls == 1
    assert first[0] == again[0] == 202 and first[2] == again[2]
    assert Comment.objects.filter(idempotency_key="retry-1").count() == 1


@pytest.mark.parametrize(
    "case",
    ["unknown story", "closed story", "unpublished parent", "honeypot", "key reused", "limit"],
)
def test_refusals_get_djangos_error_answer(layer, story, make_comment, settings, case):
    app, django = layer
    post(app, story)
    calls = django.calls
    fields: dict[str, Any] = {}
    key = None
    if case == "unknown story":
        fields["story_id"] = 987654
    elif case == "closed story":
        story.comments_open = False
        story.save()
    elif case == "unpublished parent":
        parent = make_comment("Still pending.")
        assert parent.status == CommentStatus.PENDING
        fields["parent_id"] = parent.pk
    elif case == "honeypot":
        fields["website"] = "http://spam.example"
    elif case == "key reused":
        key = "used-once"
        post(app, story, key=key, text="The first text.")
        fields["text"] = "A different text."
    elif case == "limit":
        settings.MAJLIS_RATE_LIMITS["comment_email"] = (0, 600)
    before = Comment.objects.count()

    fast = post(app, story, key=key, **fields)
    if case == "honeypot":
        # Refused by the schema itself: Django answers (nothing was counted or stored).
        assert django.calls == calls + 1
    else:
        assert django.calls == calls
    assert 400 <= fast[0] < 500
    same_answer(fast, post(django.django, story, key=key, **fields))
    assert json.loads(fast[2])["detail"]
    assert Comment.objects.count() == before
    if case == "limit":
        assert fast[0] == 429 and int(fast[1]["Retry-After"]) >= 1


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{",
        b"[]",
        b'"text"',
        b'{"story_id": "x"}',
        '{"text": "\ud800"}'.encode("utf-8", "surrogatepass"),
    ],
)
def test_input_the_schema_refuses_goes_to_django_untouched(layer, story, raw):
    app, django = layer
    post(app, story)
    calls = django.calls
    before = Comment.objects.count()
    fast = post(app, story, raw=raw)
    assert django.calls == calls + 1
    assert fast[0] in (400, 422) and json.loads(fast[2])["detail"]
    assert Comment.objects.count() == before


def test_an_idempotency_key_the_api_refuses_goes_to_django(layer, story):
    app, django = layer
    post(app, story)
    calls = django.calls
    status, _, body = post(app, story, key="x" * 101)
    assert django.calls == calls + 1 and status == 422 and b"Idempotency-Key" in body


def test_other_origins_cookies_and_paths_are_not_answered_from_what_was_learnt(layer, story):
    app, django = layer
    post(app, story)
    calls = django.calls
    # Another origin: Django answers (without CORS headers) and its headers are learnt apart.
    status, headers, _ = post(app, story, origin="https://evil.example")
    assert status == 202 and "Access-Control-Allow-Origin" not in headers
    assert django.calls == calls + 1
    status, headers, _ = post(app, story, origin="https://evil.example")
    assert "Access-Control-Allow-Origin" not in headers and django.calls == calls + 1

    body = json.dumps(
        {"story_id": story.pk, "author_name": "R", "author_email": "r@example.org", "text": "Hi."}
    ).encode()
    for extra in ({"Cookie": "sessionid=abc"}, {"Authorization": "Bearer x"}):
        wsgi_call(
            app,
            method="POST",
            path="/api/v1/comments",
            body=body,
            headers={"Content-Type": "application/json", "Origin": ORIGIN, **extra},
        )
    wsgi_call(app, method="POST", path="/api/v1/comments", query="a=1", body=body)
    assert django.calls == calls + 4


def test_the_layer_can_be_switched_off(settings):
    from majlis.comments.fastwrite import fast_write_wrap

    def inner(environ, start_response):
        return []

    settings.MAJLIS_FAST_WRITE = False
    assert fast_write_wrap(inner) is inner
    settings.MAJLIS_FAST_WRITE = True
    assert isinstance(fast_write_wrap(inner), CommentPostFastPath)
