"""Real-browser tests: Debian's chromium driven by Playwright against Django's live server.

The ``browser`` fixture is the session-wide one of ``tests/conftest.py`` (one sync Playwright
per process)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"

# Playwright's sync API runs an event loop in the test thread; the ORM calls these tests make
# between browser steps are ordinary synchronous calls, so Django's async guard must not fire.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate-limit counters and the CORS origin list live in the cache: start every test clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def newsroom_server() -> Iterator[Callable[[str], str]]:
    """A second origin on loopback (127.0.0.1 vs the live server's localhost) serving one page."""
    pages: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"not found")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"

    def publish(html: str) -> str:
        pages["/article/"] = html.encode("utf-8")
        return origin

    yield publish
    server.shutdown()
    server.server_close()
