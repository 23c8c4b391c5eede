"""The hot read, answered before Django: ``GET /api/v1/threads`` replayed from a per-process copy
of the response Django itself produced, revalidated on every request by one indexed lookup.

A newsroom's story page is read far more often than it changes. Django renders each thread page
once (through the whole middleware stack, so the security, CORS and language headers are
exactly what Django sends); this layer keeps that response and, for every later identical
request, reads the story's state — ``(id, title, url, language, comments_open,
thread_version)`` — with one SQL query on the unique ``(site, url)`` index. The response is
replayed only if that state is unchanged. ``Story.thread_version`` grows inside the transaction
of every decision that publishes or unpublishes a comment (and on every story edit), so any
process sees a moderator's approval on its very next read.

Why the replayed body is never older than the state it is stored with: the state is read
*before* Django renders, and Django reads the thread afterwards, so the body reflects at least
that state. A later request replays it only if the state it reads is still the same.

Anything unusual goes to Django unchanged: another path or method, a cookie or an
``Authorization`` header, repeated query parameters, a response that is not a plain 200, or one
that sets a cookie. Entries also expire after ``MAJLIS_FAST_READ_SECONDS`` (30 s), which bounds
how long a change outside the state (a site's allowed origins) takes to show.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from django.conf import settings

logger = logging.getLogger(__name__)

THREADS_PATH = "/api/v1/threads"
MAX_ENTRIES = 1024
# Request properties Django's answer may depend on (host validation, HTTPS headers, CORS).
KEY_ENVIRON = (
    "QUERY_STRING",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_ORIGIN",
)
_NOT_ON_304 = {"content-length", "content-type"}

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass(frozen=True)
class _Entry:
    state: tuple[Any, ...]
    expires: float
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    etag: str


# One indexed lookup (unique site slug, unique (site, url)); the tables are the models'.
STATE_SQL = (
    "SELECT s.id, s.title, s.url, s.language, s.comments_open, s.thread_version "
    "FROM stories_story s JOIN stories_site si ON si.id = s.site_id "
    "WHERE si.slug = %s AND s.url = %s"
)


def vary_environ_names(vary: str) -> tuple[str, ...] | None:
    """The WSGI environ names of the request headers a ``Vary`` value lists (sorted), or None
    for ``Vary: *`` (the answer may depend on anything: never replay it)."""
    names = tuple(
        sorted(
            "HTTP_" + part.strip().upper().replace("-", "_")
            for part in vary.split(",")
            if part.strip()
        )
    )
    return None if "HTTP_*" in names else names


def _etag_matches(header: str, etag: str) -> bool:
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return etag in candidates or "*" in candidates


class ThreadReadCache:
    """WSGI middleware around Django's application (see the module docstring)."""

    def __init__(self, app: WsgiApp, *, max_entries: int = MAX_ENTRIES) -> None:
        self.app = app
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._vary: tuple[str, ...] = ()
        self._parsed: dict[str, tuple[str, str] | None] = {}

    # --- the request ----------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self._eligible(environ):
            return self.app(environ, start_response)
        try:
            lookup = self._lookup_args(environ.get("QUERY_STRING", ""))
            state = self._state(*lookup) if lookup is not None else None
        except Exception:
            logger.warning("fast read: state lookup failed; Django answers", exc_info=True)
            self._connection_reset()
            return self.app(environ, start_response)
        if state is None:
            return self.app(environ, start_response)
        key = self._key(environ)
        entry = self._get(key)
        if entry is not None and entry.state == state and entry.expires > time.monotonic():
            return self._replay(entry, environ, start_response)
        return self._render_and_keep(environ, start_response, state=state)

    @staticmethod
    def _eligible(environ: dict[str, Any]) -> bool:
        return (
            environ.get("REQUEST_METHOD") == "GET"
            and environ.get("PATH_INFO") == THREADS_PATH
            and not environ.get("HTTP_COOKIE")
            and not environ.get("HTTP_AUTHORIZATION")
        )

    def _lookup_args(self, query: str) -> tuple[str, str] | None:
        """(site slug, canonical URL) exactly as the API view reads them, or None to let Django
        answer (missing, repeated or invalid parameters). Remembered per query string."""
        try:
            return self._parsed[query]
        except KeyError:
            pass
        from majlis.comments.errors import CommentError
        from majlis.comments.validation import clean_text_value
        from majlis.stories.services import canonical_url

        pairs = parse_qsl(query, keep_blank_values=True)
        params = dict(pairs)
        lookup: tuple[str, str] | None = None
        if len(params) == len(pairs) and "site" in params and "url" in params:
            try:
                site = clean_text_value(params["site"], field="site", max_length=50)
                lookup = site, canonical_url(params["url"])
            except CommentError:
                lookup = None
        if len(self._parsed) >= self.max_entries:
            self._parsed.clear()
        self._parsed[query] = lookup
        return lookup

    @staticmethod
    def _state(site: str, url: str) -> tuple[Any, ...] | None:
        from django.db import connection

        # The driver's own cursor: Django's wrapper costs more than the query here.
        connection.ensure_connection()
        sql = STATE_SQL.replace("%s", "?") if connection.vendor == "sqlite" else STATE_SQL
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql, (site, url))
            row = cursor.fetchone()
        finally:
            cursor.close()
        return tuple(row) if row is not None else None

    @staticmethod
    def _connection_reset() -> None:
        from django.db import connection

        try:
            connection.close()
        except Exception:
            logger.debug("fast read: closing the connection failed", exc_info=True)

    def _key(self, environ: dict[str, Any]) -> tuple[Any, ...]:
        return (
            *(environ.get(name) for name in KEY_ENVIRON),
            *(environ.get(name) for name in self._vary),
        )

    # --- the per-process store ------------------------------------------------------------------

    def _get(self, key: tuple[Any, ...]) -> _Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def _put(self, key: tuple[Any, ...], entry: _Entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    # --- answers --------------------------------------------------------------------------------

    @staticmethod
    def _replay(
        entry: _Entry, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        condition = environ.get("HTTP_IF_NONE_MATCH")
        if condition and _etag_matches(condition, entry.etag):
            headers = [(k, v) for k, v in entry.headers if k.lower() not in _NOT_ON_304]
            start_response("304 Not Modified", headers)
            return [b""]
        start_response(entry.status, list(entry.headers))
        return [entry.body]

    def _render_and_keep(
        self, environ: dict[str, Any], start_response: StartResponse, *, state: tuple[Any, ...]
    ) -> Iterable[bytes]:
        # Render a full 200 for the store even for a conditional request; the 304 (if the
        # client's ETag matches) is then answered from the stored entry.
        conditional = environ.pop("HTTP_IF_NONE_MATCH", None)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, list(headers)
            return lambda data: None  # Django returns its body; it never calls write()

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if callable(close):
                close()  # Django's request_finished: returns the database connection
        status: str = captured.get("status", "500 Internal Server Error")
        headers: list[tuple[str, str]] = captured.get("headers", [])
        entry = self._entry_from(state, status, headers, body)
        if conditional is not None:
            environ["HTTP_IF_NONE_MATCH"] = conditional
        if entry is None:
            if conditional is None:
                start_response(status, headers)
                return [body]
            # Not storable (an error, a cookie...): Django answers the real request itself.
            return self.app(environ, start_response)
        self._put(self._key(environ), entry)
        return self._replay(entry, environ, start_response)

    def _entry_from(
        self, state: tuple[Any, ...], status: str, headers: list[tuple[str, str]], body: bytes
    ) -> _Entry | None:
        if not status.startswith("200"):
            return None
        names = {k.lower(): v for k, v in headers}
        if "set-cookie" in names or "etag" not in names:
            return None
        vary = vary_environ_names(names.get("vary", ""))
        if vary is None:
            return None
        if vary != self._vary:
            # The response depends on other request headers than before: start afresh.
            self._vary = vary
            self.clear()
        seconds = float(getattr(settings, "MAJLIS_FAST_READ_SECONDS", 30.0))
        return _Entry(
            state=state,
            expires=time.monotonic() + seconds,
            status=status,
            headers=headers,
            body=body,
            etag=names["etag"],
        )


def fast_read_wrap(app: WsgiApp) -> WsgiApp:
    """Wrap Django's WSGI application unless ``MAJLIS_FAST_READ`` is off (settings, default on)."""
    if not getattr(settings, "MAJLIS_FAST_READ", True):
        return app
    return ThreadReadCache(app)
