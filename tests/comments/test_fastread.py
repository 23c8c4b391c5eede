"""The pre-Django read layer (``majlis.comments.fastread``) in front of the real Django WSGI app:
it replays Django's own answer while the story's state is unchanged, and never anything older."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from majlis.comments.fastread import STATE_SQL, ThreadReadCache
from majlis.comments.models import Comment
from majlis.moderation.services import comment_approve, comment_reject, comment_report

from .wsgi_calls import CountingApp, wsgi_call

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_the_test_connection")]


@pytest.fixture
def layer(settings: Any) -> tuple[ThreadReadCache, CountingApp]:
    settings.MAJLIS_MODERATION_CHECKS = [
        "majlis.moderation.checks.LengthFormatCheck",
        "majlis.moderation.checks.WordListCheck",
    ]
    settings.MAJLIS_DEFAULT_POLICY = {**settings.MAJLIS_DEFAULT_POLICY, "mode": "review_all"}
    django = CountingApp()
    return ThreadReadCache(django), django


def call(
    app: Any, query: dict[str, str] | str, **headers: str
) -> tuple[int, dict[str, str], bytes]:
    return wsgi_call(
        app,
        path="/api/v1/threads",
        query=query if isinstance(query, str) else urlencode(query),
        headers={name.replace("_", "-"): value for name, value in headers.items()},
    )


def query_for(story: Any, **extra: str) -> dict[str, str]:
    return {"site": story.site.slug, "url": story.url, "order": "oldest", **extra}


def ids(body: bytes) -> list[int]:
    return [item["id"] for item in json.loads(body)["results"]]


def test_replays_djangos_own_answer_until_a_decision_publishes(
    layer, story, moderator, make_comment
):
    app, django = layer
    first = make_comment("The first published comment.")
    comment_approve(comment=first, moderator=moderator)
    second = make_comment("Waiting for a moderator.", author_email="b@example.org")

    status, direct_headers, direct_body = call(django.django, query_for(story))
    status, headers, body = call(app, query_for(story))
    assert status == 200 and body == direct_body and ids(body) == [first.pk]
    # Every header Django sends (CSP, nosniff, Vary, ETag, Cache-Control...) is replayed.
    assert headers == direct_headers
    calls = django.calls
    for _ in range(5):
        assert call(app, query_for(story))[2] == body
    assert django.calls == calls  # served without Django

    comment_approve(comment=Comment.objects.get(pk=second.pk), moderator=moderator)
    status, headers, body = call(app, query_for(story))
    assert ids(body) == [first.pk, second.pk]
    assert django.calls == calls + 1


def test_unpublishing_and_story_edits_show_at_once(layer, story, moderator, make_comment):
    app, _ = layer
    kept = make_comment("Stays on the page.")
    reported = make_comment("Will be reported.", author_email="r@example.org")
    rejected = make_comment("Will be rejected later.", author_email="x@example.org")
    for comment in (kept, reported, rejected):
        comment_approve(comment=comment, moderator=moderator)
    assert ids(call(app, query_for(story))[2]) == [kept.pk, reported.pk, rejected.pk]

    comment_report(comment=Comment.objects.get(pk=reported.pk))
    assert ids(call(app, query_for(story))[2]) == [kept.pk, rejected.pk]

    comment_reject(
        comment=Comment.objects.get(pk=rejected.pk), moderator=moderator, reasons=["off_topic"]
    )
    assert ids(call(app, query_for(story))[2]) == [kept.pk]

    story.title = "A corrected headline"
    story.save()
    assert json.loads(call(app, query_for(story))[2])["story"]["title"] == "A corrected headline"
    story.comments_open = False
    story.save(update_fields=["comments_open"])
    assert json.loads(call(app, query_for(story))[2])["story"]["comments_open"] is False


def test_a_decision_that_publishes_nothing_keeps_the_cached_page(
    layer, story, moderator, make_comment
):
    app, django = layer
    call(app, query_for(story))
    calls, version = django.calls, story.__class__.objects.get(pk=story.pk).thread_version
    pending = make_comment("Held for review, then rejected.")
    comment_reject(comment=pending, moderator=moderator, reasons=["off_topic"])
    assert story.__class__.objects.get(pk=story.pk).thread_version == version
    call(app, query_for(story))
    assert django.calls == calls


def test_if_none_match_gets_304_with_the_same_headers(layer, story, moderator, make_comment):
    app, django = layer
    comment_approve(comment=make_comment(), moderator=moderator)
    status, headers, _ = call(app, query_for(story))
    calls = django.calls
    status, not_modified, body = call(app, query_for(story), if_none_match=headers["ETag"])
    assert status == 304 and body == b"" and not_modified["ETag"] == headers["ETag"]
    assert not_modified["Content-Security-Policy"] == headers["Content-Security-Policy"]
    assert django.calls == calls
    status, _, body = call(app, query_for(story), if_none_match='"something-else"')
    assert status == 200 and ids(body)
    # A first request that is conditional is stored too and answered 304 if it matches.
    comment_approve(
        comment=make_comment("Another one.", author_email="c@example.org"), moderator=moderator
    )
    status, _, _ = call(app, query_for(story), if_none_match=headers["ETag"])
    assert status == 200


def test_cors_answers_are_kept_per_origin(layer, story, moderator, make_comment):
    app, _ = layer
    story.site.allowed_origins = ["https://news.example"]
    story.site.save()
    comment_approve(comment=make_comment(), moderator=moderator)
    _, allowed, _ = call(app, query_for(story), origin="https://news.example")
    _, other, _ = call(app, query_for(story), origin="https://evil.example")
    _, again, _ = call(app, query_for(story), origin="https://news.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://news.example"
    assert "Access-Control-Allow-Origin" not in other
    assert again == allowed


def test_unusual_requests_and_answers_go_to_django(layer, story, moderator, make_comment):
    app, django = layer
    comment_approve(comment=make_comment(), moderator=moderator)
    call(app, query_for(story))
    for query, headers in [
        (urlencode(query_for(story)) + "&site=other", {}),  # repeated parameter
        (query_for(story), {"cookie": "sessionid=abc"}),
        (query_for(story), {"authorization": "Bearer x"}),
    ]:
        calls = django.calls
        call(app, query, **headers)
        assert django.calls == calls + 1, (query, headers)
    # Errors are Django's JSON errors and are never stored.
    for bad in [
        query_for(story, page="0"),
        {"site": "nope", "url": story.url},
        {"site": story.site.slug, "url": "https://news.example/none/"},
    ]:
        for _ in range(2):
            calls = django.calls
            status, headers, _ = call(app, bad)
            assert status in {404, 422} and headers["Content-Type"].startswith("application/json")
            assert django.calls == calls + 1
    # A disallowed Host is refused by Django every time, even after a cached 200 elsewhere.
    calls = django.calls
    status, _, _ = call(app, query_for(story), host="evil.example")
    assert status == 400 and django.calls == calls + 1


def test_canonical_url_variants_read_the_same_story(layer, story, moderator, make_comment):
    app, _ = layer
    comment = make_comment()
    upper = {**query_for(story), "url": story.url.replace("news.example", "NEWS.example") + "#c"}
    assert ids(call(app, upper)[2]) == []
    comment_approve(comment=comment, moderator=moderator)
    assert ids(call(app, upper)[2]) == [comment.pk]


def test_state_query_reads_the_models_tables():
    from majlis.stories.models import Site, Story

    assert f"FROM {Story._meta.db_table} s JOIN {Site._meta.db_table} si" in STATE_SQL


def test_store_is_bounded(layer, story):
    app, _ = layer
    app.max_entries = 3
    for page in range(1, 8):
        assert call(app, query_for(story, page=str(page)))[0] == 200
    assert len(app._entries) == 3
