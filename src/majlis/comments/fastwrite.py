"""The hot write, answered in front of Django: ``POST /api/v1/comments``.

Posting is the busiest write a newsroom's comment server takes, and Django's request machinery
(its middleware stack, django-ninja's parsing and rendering) cost about as much per post as
storing the comment. This layer answers a post with the code the API view itself runs
(``api.comment_post_accept``, after the same ``CommentIn`` validation) and with the headers
Django produced for the first post that had the same request properties (host, scheme, origin
and whatever else Django's ``Vary`` named), learned from Django's own 202 as ``fastread`` learns
its pages. So a reader gets the answer Django would have sent — status, headers, body — sooner.

Anything unusual goes to Django unchanged: another path or method, a query string, a cookie
or an ``Authorization`` header, a missing or oversized ``Content-Length``, a body that is not a
valid ``CommentIn`` or an ``Idempotency-Key`` the API would refuse (Django then writes the 4xx;
nothing has been counted or stored yet), and request properties seen for the first time. A
post the services refuse (rate limit, unknown or closed story, unpublished parent, reused key)
is answered here with the API's own error body (``api.comment_error_response``).
"""

from __future__ import annotations

import io
import json
import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.http import HttpResponse
from pydantic import ValidationError

from majlis.comments.api import (
    IDEMPOTENCY_KEY_MAX_LENGTH,
    comment_error_response,
    comment_post_accept,
    error_response,
)
from majlis.comments.errors import CommentError
from majlis.comments.fastread import KEY_ENVIRON, StartResponse, WsgiApp, vary_environ_names
from majlis.comments.ip import client_ip_of
from majlis.comments.schemas import HEADER_VALUE_PATTERN, CommentIn

logger = logging.getLogger(__name__)
# Django logs every 4xx on this logger; refusals answered here are logged the same way.
request_logger = logging.getLogger("django.request")

COMMENTS_PATH = "/api/v1/comments"
MAX_TEMPLATES = 256
_NOT_LEARNED = {"content-length", "content-type", "retry-after"}


class CommentPostFastPath:
    """WSGI middleware around Django's application (see the module docstring)."""

    def __init__(self, app: WsgiApp, *, max_templates: int = MAX_TEMPLATES) -> None:
        self.app = app
        self.max_templates = max_templates
        # Per request key: Django's 202 headers (without the per-answer ones) and its
        # Content-Type.
        self._templates: dict[tuple[Any, ...], tuple[list[tuple[str, str]], str]] = {}
        self._vary: tuple[str, ...] = ()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self._eligible(environ):
            return self.app(environ, start_response)
        template = self._templates.get(self._key(environ))
        if template is None:
            return self._learn(environ, start_response)
        body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        accepted = self._validated(environ, body)
        if accepted is None:
            # Invalid input: Django writes the error (it reads the body we kept for it).
            environ["wsgi.input"] = io.BytesIO(body)
            return self.app(environ, start_response)
        return self._answer(environ, start_response, template, *accepted)

    @staticmethod
    def _eligible(environ: dict[str, Any]) -> bool:
        length = str(environ.get("CONTENT_LENGTH") or "")
        return (
            environ.get("REQUEST_METHOD") == "POST"
            and environ.get("PATH_INFO") == COMMENTS_PATH
            and not environ.get("QUERY_STRING")
            and not environ.get("HTTP_COOKIE")
            and not environ.get("HTTP_AUTHORIZATION")
            and length.isascii()
            and length.isdigit()
            and int(length) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )

    def _key(self, environ: dict[str, Any]) -> tuple[Any, ...]:
        return (
            *(environ.get(name) for name in KEY_ENVIRON),
            *(environ.get(name) for name in self._vary),
        )

    @staticmethod
    def _validated(environ: dict[str, Any], body: bytes) -> tuple[Any, str | None] | None:
        """(``CommentIn``, Idempotency-Key) as the API view would receive them, or None."""
        key = environ.get("HTTP_IDEMPOTENCY_KEY")
        if key is not None and (
            len(key) > IDEMPOTENCY_KEY_MAX_LENGTH or not re.search(HEADER_VALUE_PATTERN, key)
        ):
            return None
        try:
            data = json.loads(body)
            if not isinstance(data, dict):
                return None
            return CommentIn.model_validate(data), key
        except (ValueError, ValidationError, RecursionError):
            return None

    def _answer(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        template: tuple[list[tuple[str, str]], str],
        payload: Any,
        idempotency_key: str | None,
    ) -> Iterable[bytes]:
        headers, content_type = template
        response: HttpResponse | None
        # Django's request signals (they return the database connection when it is stale).
        request_started.send(sender=self.__class__, environ=environ)
        try:
            comment_id = comment_post_accept(
                payload=payload, idempotency_key=idempotency_key, ip_address=client_ip_of(environ)
            )
        except CommentError as error:
            response = comment_error_response(error)
        except Exception:
            # As the API's safety net does: a bug to fix, answered in JSON, logged loudly.
            logger.exception("unexpected error in POST %s (fast path)", COMMENTS_PATH)
            response = error_response(500, "Internal error; it has been logged.")
        else:
            response = None
        finally:
            request_finished.send(sender=self.__class__)
        if response is not None:
            # As Django's log_response: 4xx as warnings, 5xx as errors.
            log = request_logger.error if response.status_code >= 500 else request_logger.warning
            log(
                "%s: %s",
                response.reason_phrase,
                COMMENTS_PATH,
                extra={"status_code": response.status_code},
            )
            extra = [("Content-Type", response["Content-Type"])]
            if response.has_header("Retry-After"):
                extra.append(("Retry-After", response["Retry-After"]))
            return self._respond(
                start_response,
                f"{response.status_code} {response.reason_phrase}",
                headers + extra,
                response.content,
            )
        body = json.dumps({"id": comment_id, "status": "pending"}).encode()
        return self._respond(
            start_response, "202 Accepted", [*headers, ("Content-Type", content_type)], body
        )

    @staticmethod
    def _respond(
        start_response: StartResponse, status: str, headers: list[tuple[str, str]], body: bytes
    ) -> Iterable[bytes]:
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body]

    def _learn(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """Django answers; a plain 202 teaches the headers for later posts like this one."""

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if status.startswith("202"):
                self._keep(environ, headers)
            return start_response(status, headers, exc_info)

        return self.app(environ, capture)

    def _keep(self, environ: dict[str, Any], headers: list[tuple[str, str]]) -> None:
        names = {name.lower(): value for name, value in headers}
        if "set-cookie" in names or "content-type" not in names:
            return
        vary = vary_environ_names(names.get("vary", ""))
        if vary is None:
            return
        with self._lock:
            if vary != self._vary:
                # Django's answer depends on other request headers than before: start afresh.
                self._vary = vary
                self._templates.clear()
            if len(self._templates) >= self.max_templates:
                self._templates.clear()
            learned = [(name, value) for name, value in headers if name.lower() not in _NOT_LEARNED]
            self._templates[self._key(environ)] = (learned, names["content-type"])


def fast_write_wrap(app: WsgiApp) -> WsgiApp:
    """Wrap Django's WSGI application unless ``MAJLIS_FAST_WRITE`` is off (default on)."""
    if not getattr(settings, "MAJLIS_FAST_WRITE", True):
        return app
    return CommentPostFastPath(app)
