"""EXPERIMENT (bench only, not shipped): what the read bar needs from Majlis.

A WSGI layer in front of Django that answers ``GET /api/v1/threads`` from a per-process copy of
the response Django rendered, revalidated on every request by ONE SQL query on the story's
state (title, url, language, comments_open) and its thread version (highest decision id on
its comments — the version the core's cache already uses). Any change, any conditional or
cross-origin request, anything unusual: Django answers as usual. Run by
``bench/web/run.py --fastpath`` to measure the gain before anyone builds it properly
(see docs/ARCHITECTURE.md, "Issue-5 findings").

Second experiment, for the write bar: the 202 is sent once the pending comment is committed,
and the moderation pipeline runs right after, on a per-process background thread, instead of
inside the request. The comment stays pending (unpublished) until the system decides, and
``majlis serve`` already re-moderates undecided comments at start, so a crash loses nothing.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings

from majlis.wsgi import application as django_application

logger = logging.getLogger(__name__)

STATE_SQL = """
SELECT s.id, s.title, s.url, s.language, s.comments_open,
       (SELECT MAX(d.id) FROM moderation_decision d
          JOIN comments_comment c ON c.id = d.comment_id WHERE c.story_id = s.id)
  FROM stories_story s JOIN stories_site si ON si.id = s.site_id
 WHERE si.slug = ? AND s.url = ?
"""

_local = threading.local()
_cache: dict[str, tuple[tuple[Any, ...], str, list[tuple[str, str]], bytes]] = {}


def _connection() -> sqlite3.Connection:
    connection = getattr(_local, "connection", None)
    if connection is None:
        connection = sqlite3.connect(
            f"file:{settings.DATABASES['default']['NAME']}?mode=ro",
            uri=True,
            check_same_thread=False,
            timeout=20,
        )
        _local.connection = connection
    return connection


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    plain_read = (
        environ.get("REQUEST_METHOD") == "GET"
        and environ.get("PATH_INFO") == "/api/v1/threads"
        and not environ.get("HTTP_IF_NONE_MATCH")
        and not environ.get("HTTP_ORIGIN")
    )
    if not plain_read:
        return django_application(environ, start_response)
    query = environ.get("QUERY_STRING", "")
    params = parse_qs(query)
    site, url = params.get("site", [""])[0], params.get("url", [""])[0]
    state = _connection().execute(STATE_SQL, (site, url)).fetchone() if site and url else None
    hit = _cache.get(query)
    if state is not None and hit is not None and hit[0] == state:
        start_response(hit[1], hit[2])
        return [hit[3]]
    captured: dict[str, Any] = {}

    def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        captured["status"], captured["headers"] = status, headers
        return start_response(status, headers, exc_info)

    # The state was read before Django renders, so the stored body is never older than it.
    result = django_application(environ, capture)
    try:
        body = b"".join(result)
    finally:
        result.close()  # Django's request_finished: returns the DB connection
    if state is not None and str(captured.get("status", "")).startswith("200"):
        _cache[query] = (state, captured["status"], list(captured["headers"]), body)
    return [body]


_to_moderate: queue.SimpleQueue[Any] = queue.SimpleQueue()


def _moderation_worker(moderate_in_request: Callable[[Any], None]) -> None:
    from django.db import close_old_connections

    while True:
        comment = _to_moderate.get()
        try:
            moderate_in_request(comment)
        except Exception:  # the comment stays pending for `majlis moderate-pending`
            logger.exception("deferred moderation failed for comment %s", comment.pk)
        finally:
            close_old_connections()


def _moderate_after_response(comment: Any) -> None:
    _to_moderate.put(comment)


def _defer_moderation() -> None:
    # Imported only now: the comments app needs the Django setup that majlis.wsgi performed.
    from majlis.comments import services

    moderate_in_request = services._moderate_or_hold
    services._moderate_or_hold = _moderate_after_response  # type: ignore[assignment]
    threading.Thread(
        target=_moderation_worker,
        args=(moderate_in_request,),
        name="deferred-moderation",
        daemon=True,
    ).start()


_defer_moderation()
