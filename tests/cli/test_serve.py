"""`majlis serve` end to end: a fresh data dir, real gunicorn, the demo ready to use."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read()


SORANI_ON_TOPIC = "کشانەوەی سەربازانی ئەمریکا لە عێراق مەترسییە بۆ ئاسایشی هەرێمی کوردستان"


def _post(base: str, story_id: int, text: str) -> int:
    payload = {
        "story_id": story_id,
        "author_name": "R",
        "author_email": "r@example.org",
        "text": text,
    }
    request = urllib.request.Request(
        f"{base}/api/v1/comments",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 202
        return int(json.loads(response.read())["id"])


def _system_reasons(database: Path, comment_id: int, *, count: int, wait: float) -> list[str]:
    """The reasons of the comment's system decisions, once there are ``count`` of them."""
    deadline = time.monotonic() + wait
    while True:
        with sqlite3.connect(database) as db:
            rows = db.execute(
                "SELECT reasons FROM moderation_decision WHERE comment_id = ? "
                "AND actor_kind = 'system' ORDER BY created_at, id",
                (comment_id,),
            ).fetchall()
        if len(rows) >= count or time.monotonic() > deadline:
            return [row[0] for row in rows]
        time.sleep(0.5)


def _alive(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()  # a zombie ended
    except FileNotFoundError:
        return False


def _rescore_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [
        int(child)
        for child in children
        if b"rescore" in Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
    ]


def test_serve_migrates_loads_demo_and_serves(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "MAJLIS_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "majlis.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(
                    f"{base}/api/v1/threads?site=demo&url=https://news.example/us-troops-iraq/"
                )
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        assert status == 200
        assert json.loads(body)["story"]["title"].startswith("US to cut troops in Iraq")
        assert _get(f"{base}/demo/")[0] == 200
        assert (tmp_path / "majlis.sqlite3").exists()
        password = (tmp_path / "demo_moderator_password").read_text().strip()
        # A Sorani comment under the English story: held at once, and the rescore process
        # beside the workers adds its relevance (the multilingual model) a moment later.
        comment_id = _post(base, json.loads(body)["story"]["id"], SORANI_ON_TOPIC)
        reasons = _system_reasons(tmp_path / "majlis.sqlite3", comment_id, count=2, wait=60)
        assert "relevance_pending" in reasons[0] and "language_untrusted" in reasons[0]
        assert "relevance_pending" not in reasons[1]
        # The rescore process (and majlis.supervise, which keeps it running) goes with its
        # server, even one killed without a word.
        (supervisor,) = _rescore_children(server.pid)
        (rescore,) = _rescore_children(supervisor)
        os.kill(server.pid, signal.SIGKILL)
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in (supervisor, rescore)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(supervisor) and not _alive(rescore)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert f"password '{password}'" in output
    assert "Loaded the demo site and stories." in output
