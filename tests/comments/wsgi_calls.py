"""Calling the real Django WSGI handler (and the layers in front of it) the way gunicorn does."""

from __future__ import annotations

import io
import sys
from typing import Any

from django.core.handlers.wsgi import WSGIHandler


class CountingApp:
    """Django's real WSGI handler, counting how often the layer in front had to call it."""

    def __init__(self) -> None:
        self.django = WSGIHandler()
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.calls += 1
        return self.django(environ, start_response)


def wsgi_call(
    app: Any,
    *,
    method: str = "GET",
    path: str,
    query: str = "",
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one request; ``headers`` by their HTTP names."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
    }
    if body or method == "POST":
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info=None):
        answer["status"], answer["headers"] = status, response_headers

    result = app(environ, start_response)
    payload = b"".join(result)
    close = getattr(result, "close", None)
    if callable(close):
        close()
    return int(answer["status"][:3]), dict(answer["headers"]), payload
