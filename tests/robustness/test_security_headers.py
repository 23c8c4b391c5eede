"""Security headers from ``majlis.security``: a CSP strict enough to stop injected script yet
loose enough for the embed, nosniff, referrer policy, no framing or caching of the workspace;
failed logins limited; moderator sessions expire."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings as django_settings

from majlis.security import SESSION_SEEN, SESSION_STARTED
from majlis.stories.demo import demo_data_load

HEADERS = "majlis.security.SecurityHeadersMiddleware"
LOGIN_LIMIT = "majlis.security.LoginRateLimitMiddleware"
EXPIRY = "majlis.security.SessionExpiryMiddleware"
OURS = (HEADERS, LOGIN_LIMIT, EXPIRY)


def _with_security(middleware: list[str]) -> list[str]:
    """The real middleware list with ours where docs/ARCHITECTURE.md says they belong."""
    result = [entry for entry in middleware if entry not in OURS]
    result.insert(result.index("django.middleware.security.SecurityMiddleware") + 1, HEADERS)
    auth = result.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    result[auth + 1 : auth + 1] = [LOGIN_LIMIT, EXPIRY]
    return result


@pytest.fixture
def secured(settings):
    settings.MIDDLEWARE = _with_security(list(settings.MIDDLEWARE))
    return settings


def _csp(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";") if part.strip()}


def test_real_settings_send_security_headers(client, db):
    assert set(OURS) <= set(django_settings.MIDDLEWARE)
    demo_data_load()
    response = client.get("/")
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


def test_demo_page_policy_allows_the_embed_and_blocks_inline_script(secured, client, db):
    demo_data_load()
    response = client.get("/")
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["script-src"] == "script-src 'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["connect-src"] == "connect-src 'self'"  # the embed calls /api/v1 on its origin
    assert csp["object-src"] == "object-src 'none'"
    assert csp["frame-ancestors"] == "frame-ancestors 'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
    # The page must work under that policy: scripts come from files, no inline code or styles.
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(" src=" in tag for tag in scripts), scripts
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"\sstyle\s*=", html), "inline style attribute"


def test_workspace_cannot_be_framed_or_cached(secured, client, moderator):
    client.force_login(moderator)
    response = client.get("/moderation/")
    assert response.status_code == 200
    assert _csp(response)["frame-ancestors"] == "frame-ancestors 'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert all(" src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))
    assert not re.search(r"\son[a-z]+\s*=", html)


def test_login_page_cannot_be_framed(secured, client, db):
    response = client.get("/accounts/login/")
    assert _csp(response)["frame-ancestors"] == "frame-ancestors 'none'"


def test_api_and_static_files_are_inert(secured, client, story):
    api = client.get("/api/v1/threads", {"site": story.site.slug, "url": story.url})
    assert api.status_code == 200
    assert _csp(api)["default-src"] == "default-src 'none'"
    assert api["X-Content-Type-Options"] == "nosniff"
    embed = client.get("/static/majlis/embed.js")
    assert embed.status_code == 200
    assert embed["X-Content-Type-Options"] == "nosniff"
    assert embed["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_failed_logins_are_limited_per_username(secured, client, moderator):
    secured.MAJLIS_LOGIN_RATE_LIMIT = (3, 600)
    for _ in range(3):
        wrong = client.post("/accounts/login/", {"username": "mod", "password": "wrong"})
        assert wrong.status_code == 200
    blocked = client.post("/accounts/login/", {"username": "mod", "password": "pw-for-tests-1"})
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    # Even the right password waits: the limit is on the account, not on wrong guesses only.
    assert "_auth_user_id" not in client.session


def test_successful_logins_are_not_counted(secured, client, moderator):
    secured.MAJLIS_LOGIN_RATE_LIMIT = (2, 600)
    for _ in range(4):
        ok = client.post("/accounts/login/", {"username": "mod", "password": "pw-for-tests-1"})
        assert ok.status_code == 302
        client.logout()


@pytest.mark.parametrize("expired", [SESSION_SEEN, SESSION_STARTED])
def test_moderator_session_expires(expired, secured, client, moderator):
    secured.MAJLIS_SESSION_IDLE_SECONDS = 3600
    secured.MAJLIS_SESSION_MAX_SECONDS = 8 * 3600
    client.force_login(moderator)
    assert client.get("/moderation/").status_code == 200
    session = client.session
    session[expired] = int(time.time()) - 9 * 3600
    session.save()
    response = client.get("/moderation/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/moderation/").status_code == 302  # logged out for good


def test_active_moderator_session_stays(secured, client, moderator):
    secured.MAJLIS_SESSION_IDLE_SECONDS = 3600
    client.force_login(moderator)
    for _ in range(3):
        assert client.get("/moderation/").status_code == 200
