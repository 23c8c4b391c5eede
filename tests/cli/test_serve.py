"""`majlis serve` end to end: a fresh data dir, real gunicorn, the demo ready to use."""

from __future__ import annotations

import json
import os
import signal
import socket
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
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert f"password '{password}'" in output
    assert "Loaded the demo site and stories." in output
