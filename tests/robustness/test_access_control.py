"""Who may do what: anonymous, a signed-in reader without the permission, a moderator and an
admin against every workspace page and action, the admin and the public API; CSRF on every
state-changing form; the public API shows approved comments only, with no e-mail or IP data."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import get_resolver

from majlis.comments.models import CommentStatus
from majlis.moderation.services import comment_approve, comment_reject

from .invariants import PUBLIC_COMMENT_FIELDS

ROLES = ("anonymous", "reader", "moderator", "admin")


@pytest.fixture
def people(db, moderator):
    users = get_user_model()
    reader = users.objects.create_user("reader", "reader@news.example", "pw-reader-1")
    admin = users.objects.create_superuser("boss", "boss@news.example", "pw-admin-1")
    return {"anonymous": None, "reader": reader, "moderator": moderator, "admin": admin}


def _client(people, role, **options) -> Client:
    client = Client(**options)
    if people[role] is not None:
        client.force_login(people[role])
    return client


@pytest.fixture
def pending(make_comment):
    return make_comment("A pending remark about the drawdown, with email in the record")


def _workspace_get_paths(comment_id: int) -> list[str]:
    return [
        "/moderation/",
        "/moderation/?queue=rejected",
        f"/moderation/comments/{comment_id}/",
        f"/moderation/comments/{comment_id}/author/",
    ]


def test_every_workspace_route_is_in_the_matrix():
    """A new workspace route must be added to this suite's matrix, or this test fails."""
    resolver = get_resolver()
    workspace = next(p for p in resolver.url_patterns if str(p.pattern) == "moderation/")
    names = {pattern.name for pattern in workspace.url_patterns}
    assert names == {
        "queue",
        "bulk_decide",
        "comment_history",
        "comment_approve",
        "comment_reject",
        "author_comments",
        "set_language",
    }


@pytest.mark.parametrize("role", ROLES)
def test_language_switch_is_open_to_all_but_needs_csrf_and_decides_nothing(role, people, pending):
    # Django's set_language: any visitor may pick the workspace's language, with a CSRF token.
    client = _client(people, role, enforce_csrf_checks=True)
    form = {"language": "ar", "next": "/moderation/"}
    assert client.post("/moderation/language/", form).status_code == 403
    client.get("/accounts/login/")  # a page with a form sets the CSRF cookie
    form["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    response = client.post("/moderation/language/", form)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING
    assert pending.decisions.filter(actor_kind="moderator").count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_workspace_pages(role, people, pending):
    client = _client(people, role)
    for path in _workspace_get_paths(pending.pk):
        response = client.get(path)
        if role == "anonymous":
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/login/"), path
        elif role == "reader":
            assert response.status_code == 403, path
            assert b"pending remark" not in response.content
        else:
            assert response.status_code == 200, (role, path)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["approve", "reject", "bulk"])
def test_workspace_actions(role, action, people, pending):
    client = _client(people, role)
    if action == "bulk":
        path, data = "/moderation/bulk/", {"comments": [pending.pk], "action": "approve"}
    elif action == "approve":
        path, data = f"/moderation/comments/{pending.pk}/approve/", {}
    else:
        path, data = f"/moderation/comments/{pending.pk}/reject/", {"reasons": ["off_topic"]}
    response = client.post(path, data)
    pending.refresh_from_db()
    if role in {"anonymous", "reader"}:
        assert response.status_code in {302, 403}
        if role == "anonymous":
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 403
        assert pending.status == CommentStatus.PENDING
        assert pending.decisions.filter(actor_kind="moderator").count() == 0
    else:
        assert response.status_code == 302, response.content[:300]
        assert (
            pending.status
            == {
                "approve": CommentStatus.APPROVED,
                "bulk": CommentStatus.APPROVED,
                "reject": CommentStatus.REJECTED,
            }[action]
        )
    # A GET never changes anything.
    assert client.get(path).status_code in {302, 403, 405}


@pytest.mark.parametrize("role", ROLES)
def test_admin_site(role, people):
    response = _client(people, role).get("/admin/")
    if role == "admin":
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_public_api_same_for_everyone(role, people, story, make_comment):
    approved = make_comment("A published remark", author_email="published@example.org")
    comment_approve(comment=approved, moderator=people["moderator"])
    rejected = make_comment("A rejected remark", author_email="rejected@example.org")
    comment_reject(comment=rejected, moderator=people["moderator"], reasons=["off_topic"])
    make_comment("A pending remark", author_email="pending@example.org")
    client = _client(people, role)
    response = client.get("/api/v1/threads", {"site": story.site.slug, "url": story.url})
    assert response.status_code == 200
    body = response.json()
    assert [node["id"] for node in body["results"]] == [approved.pk]
    raw = response.content.decode()
    for secret in ("@example.org", "rejected remark", "pending remark", approved.ip_hash):
        assert secret not in raw
    assert set(body["results"][0]) == PUBLIC_COMMENT_FIELDS
    # Pending and rejected comments cannot be reached by id either (report answers 404).
    for hidden in (rejected.pk,):
        report = client.post(
            f"/api/v1/comments/{hidden}/report", "{}", content_type="application/json"
        )
        assert report.status_code == 404, report.content


@pytest.mark.parametrize(
    "path_template, data",
    [
        ("/moderation/comments/{id}/approve/", {}),
        ("/moderation/comments/{id}/reject/", {"reasons": ["off_topic"]}),
        ("/moderation/bulk/", {"comments": ["{id}"], "action": "approve"}),
    ],
)
def test_workspace_forms_require_csrf(path_template, data, people, pending):
    client = _client(people, "moderator", enforce_csrf_checks=True)
    form = {
        key: [v.format(id=pending.pk) for v in value] if isinstance(value, list) else value
        for key, value in data.items()
    }
    response = client.post(path_template.format(id=pending.pk), form)
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == CommentStatus.PENDING
    assert pending.decisions.filter(actor_kind="moderator").count() == 0
    # The same moderator with the token from the page succeeds: the 403 was CSRF, not rights.
    client.get("/moderation/")
    form["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    assert client.post(path_template.format(id=pending.pk), form).status_code == 302
    pending.refresh_from_db()
    assert pending.status != CommentStatus.PENDING


def test_login_and_logout_forms_require_csrf(people):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "mod", "password": "pw-for-tests-1"})
    assert response.status_code == 403
    client.force_login(people["moderator"])
    assert client.post("/accounts/logout/").status_code == 403
    assert client.get("/moderation/").status_code == 200  # still signed in


def test_public_api_needs_no_csrf_and_sets_no_session(db, story):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/comments",
        json.dumps(
            {
                "story_id": story.pk,
                "author_name": "Reader",
                "author_email": "r@example.org",
                "text": "Cross-origin embeds post without cookies.",
                "website": "",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 202
    assert "sessionid" not in response.cookies
