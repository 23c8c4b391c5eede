"""Hostile input to the workspace and demo pages: always a 4xx or a page, never a 500."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

BIG = "9" * 30


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", f"/moderation/comments/{BIG}/", None),
        ("get", f"/moderation/comments/{BIG}/author/", None),
        ("post", f"/moderation/comments/{BIG}/approve/", {}),
        ("post", f"/moderation/comments/{BIG}/reject/", {"reasons": ["profanity"]}),
        ("post", "/moderation/bulk/", {"comments": [BIG], "action": "approve"}),
        ("post", "/moderation/bulk/", {"comments": ["abc", "\x00", "-1"], "action": "approve"}),
        ("post", "/moderation/bulk/", {"comments": ["1"], "action": "delete"}),
        ("post", "/moderation/bulk/", {"comments": ["1"], "action": "reject", "note": "x" * 5000}),
        ("get", f"/moderation/?story={BIG}&page={BIG}", None),
        ("get", "/moderation/?story=%00&page=abc&language=%00&sort=risk%00&queue=", None),
        ("get", f"/moderation/comments/1/author/?page={BIG}", None),
        ("get", f"/demo/{BIG}/", None),
        ("get", "/demo/%00/", None),
        ("get", "/demo/%F0%9F%92%A9/", None),
        ("get", "/moderation/?language=all&story=" + "x" * 500, None),
        ("get", "/moderation/?language=unknown&story=%23" + BIG, None),
        ("post", "/moderation/language/", {"language": "\x00", "next": "javascript:alert(1)"}),
        ("post", "/moderation/language/", {"language": "ar" * 500}),
    ],
)
def test_no_server_error(client: Client, method: str, path: str, data: dict | None) -> None:
    client.force_login(User.objects.create_user("editor", is_staff=True))
    call = getattr(client, method)
    response = call(path, data) if data is not None else call(path)
    assert response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize(
    "accept",
    ["\x00", "ar;q=abc, *;q=", "x" * 5000, "ckb-" + "a" * 300, "kmr;q=0.5,,,ar-Arab-IQ;q=1"],
)
def test_hostile_accept_language_is_a_page_not_an_error(client: Client, accept: str) -> None:
    client.force_login(User.objects.create_user("editor", is_staff=True))
    for path in ("/moderation/", "/accounts/login/", "/demo/no-such/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)
        assert response.status_code < 500, (path, accept[:20], response.status_code)
