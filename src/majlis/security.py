"""Security middleware that needs no settings to be safe (every knob has a default here).

Wire them in ``settings.MIDDLEWARE`` (see docs/ARCHITECTURE.md, "Issue-5 findings"):

- ``SecurityHeadersMiddleware`` right after ``SecurityMiddleware`` (before WhiteNoise, so static
  files get the headers too): a Content-Security-Policy per kind of page, nosniff, a referrer
  policy, a permissions policy, ``frame-ancestors 'none'`` and ``no-store`` for the workspace.
- ``LoginRateLimitMiddleware`` and ``SessionExpiryMiddleware`` after ``AuthenticationMiddleware``:
  failed logins per address and per username are limited; staff and moderator sessions end after
  an idle period and after an absolute lifetime, whatever the cookie says.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

_SELF_ONLY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors {frame_ancestors}"
)
# Django's admin still writes a few inline style attributes.
_ADMIN = _SELF_ONLY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
# JSON and static files never run anything in a page of ours.
_NOTHING = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"

PRIVATE_PREFIXES = ("/moderation/", "/admin/", "/accounts/")


def content_security_policy(path: str) -> str:
    """The CSP for a path: the embed's JS and the API are same-origin on Majlis's own pages."""
    if path.startswith(("/api/", "/static/")):
        return _NOTHING
    if path.startswith("/admin/"):
        return _ADMIN.format(frame_ancestors="'none'")
    if path.startswith(PRIVATE_PREFIXES):
        return _SELF_ONLY.format(frame_ancestors="'none'")
    # Demo and article pages may be framed by the newsroom's own site, never by others.
    return _SELF_ONLY.format(frame_ancestors="'self'")


class SecurityHeadersMiddleware:
    """Adds the headers below unless a view already chose its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        path = request.path
        response.headers.setdefault("Content-Security-Policy", content_security_policy(path))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        if path.startswith(PRIVATE_PREFIXES):
            response.headers.setdefault("X-Frame-Options", "DENY")
            # Moderators' pages carry e-mails and unpublished text: no cache may keep them.
            response.headers["Cache-Control"] = "private, no-store"
        elif path.startswith("/static/majlis/embed."):
            # The embed script and its CSS load into newsrooms' pages on other origins.
            response.headers.setdefault("Cross-Origin-Resource-Policy", "cross-origin")
        return response


def _login_paths() -> set[str]:
    return {str(getattr(settings, "LOGIN_URL", "/accounts/login/")), "/admin/login/"}


class LoginRateLimitMiddleware:
    """Refuses (429) login POSTs after too many failures from one address or for one username.

    ``MAJLIS_LOGIN_RATE_LIMIT = (failures, window seconds)``, default (10, 900). Counts live in the
    default cache: with several server processes use a shared cache or the limit multiplies.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or request.path not in _login_paths():
            return self.get_response(request)
        limit, window = getattr(settings, "MAJLIS_LOGIN_RATE_LIMIT", (10, 900))
        now = int(time.time())
        window_start = now - now % window
        keys = [self._key("ip", str(request.META.get("REMOTE_ADDR", "")), window_start)]
        username = str(request.POST.get("username", "")).strip()
        if username:
            keys.append(self._key("user", username.casefold(), window_start))
        counts = cache.get_many(keys)
        if any(int(counts.get(key, 0)) >= limit for key in keys):
            retry_after = max(1, window_start + window - now)
            response = HttpResponse(
                "Too many failed log-in attempts. Try again later.",
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = str(retry_after)
            return response
        response = self.get_response(request)
        # Django's login view answers a failed attempt by showing the form again (200).
        if response.status_code == 200:
            for key in keys:
                cache.add(key, 0, timeout=window + 5)
                try:
                    cache.incr(key)
                except ValueError:
                    cache.set(key, 1, timeout=window + 5)
        return response

    @staticmethod
    def _key(kind: str, identity: str, window_start: int) -> str:
        digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
        return f"majlis:login:{kind}:{digest}:{window_start}"


SESSION_STARTED = "_majlis_session_started"
SESSION_SEEN = "_majlis_session_seen"


class SessionExpiryMiddleware:
    """Logs out a signed-in user idle for ``MAJLIS_SESSION_IDLE_SECONDS`` (default 2 h) or signed
    in for longer than ``MAJLIS_SESSION_MAX_SECONDS`` (default 12 h), whatever the cookie age."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            idle = int(getattr(settings, "MAJLIS_SESSION_IDLE_SECONDS", 2 * 3600))
            lifetime = int(getattr(settings, "MAJLIS_SESSION_MAX_SECONDS", 12 * 3600))
            now = int(time.time())
            started = int(request.session.setdefault(SESSION_STARTED, now))
            seen = int(request.session.get(SESSION_SEEN, now))
            if now - seen > idle or now - started > lifetime:
                logout(request)  # flushes the session; login_required pages now redirect
            # Refresh the idle clock at most once a minute: no session write on every request.
            elif now - seen >= 60 or SESSION_SEEN not in request.session:
                request.session[SESSION_SEEN] = now
        return self.get_response(request)
