"""Live Majlis servers for the robustness suite: real gunicorn processes on throwaway databases.

Each server gets its own data dir (SQLite in WAL mode), the settings in ``live_settings`` (the
real ones plus file-based mail and optional injected faults), and its per-IP limits raised
because every request comes from 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common.majlis_env import majlis_env, majlis_seed, majlis_server  # noqa: E402
from bench.common.servers import ServerProcess  # noqa: E402

STORY_URL = "https://news.example/robustness/"
STORY_TITLE = "US to cut troops in Iraq to 2,500 by January 15"


@dataclass
class LiveMajlis:
    server: ServerProcess
    env: dict[str, str]
    data_dir: Path
    story_id: int
    moderator: str
    password: str
    checks: list[str]
    site: str = "news"

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def db_path(self) -> Path:
        return self.data_dir / "majlis.sqlite3"

    def db(self) -> sqlite3.Connection:
        connection = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=30)
        connection.row_factory = sqlite3.Row
        return connection

    def restart(self) -> None:
        self.server.stop()
        self.server = majlis_server(
            self.env, workers=2, log_path=self.server.log_path, port=self.server.port
        )
        self.server.start(ready_path="/api/openapi.json", timeout=120)


def live_env(data_dir: Path, **extra: str) -> dict[str, str]:
    python_path = os.pathsep.join([str(HERE), str(REPO / "src"), os.environ.get("PYTHONPATH", "")])
    return majlis_env(
        data_dir, DJANGO_SETTINGS_MODULE="live_settings", PYTHONPATH=python_path, **extra
    )


def http(
    method: str,
    url: str,
    body: Any = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> tuple[int, Any]:
    """One JSON request; returns (status, parsed body or None). Never raises on HTTP errors."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url,
        data=data,
        method=method,
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        try:
            return error.code, json.loads(raw) if raw else None
        except ValueError:
            return error.code, raw.decode(errors="replace")


def live_start(data_dir: Path, *, site: str = "news", **extra: str) -> LiveMajlis:
    """Seed a fresh database (``site``, one story, moderator ``mod``) and serve it."""
    env = live_env(data_dir, **extra)
    seeded = majlis_seed(
        env,
        site=site,
        stories=[
            {"key": "story", "url": STORY_URL, "title": STORY_TITLE, "approved": 0},
        ],
        moderator="mod",
        password="live-password-123",
    )
    server = majlis_server(env, workers=2, log_path=data_dir / "server.log")
    live = LiveMajlis(
        server=server,
        env=env,
        data_dir=data_dir,
        site=site,
        story_id=int(seeded["stories"]["story"]),  # type: ignore[index]
        moderator="mod",
        password="live-password-123",
        checks=[path.rsplit(".", 1)[-1] for path in seeded["checks"]],
    )  # type: ignore[union-attr]
    try:
        server.start(ready_path="/api/openapi.json", timeout=120)
    except BaseException:
        server.stop()
        raise
    return live


def moderator_session(
    live: LiveMajlis, username: str | None = None, password: str | None = None
) -> Any:
    """A requests.Session logged into the workspace through the real login form."""
    import requests

    session = requests.Session()
    login = f"{live.base_url}/accounts/login/"
    session.get(login, timeout=30).raise_for_status()
    response = session.post(
        login,
        data={
            "username": username or live.moderator,
            "password": password or live.password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": login},
        timeout=30,
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def workspace_post(session: Any, live: LiveMajlis, path: str, data: dict[str, Any]) -> Any:
    return session.post(
        f"{live.base_url}{path}",
        data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{live.base_url}/moderation/"},
        timeout=60,
        allow_redirects=False,
    )
