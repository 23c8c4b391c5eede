"""Behaviour that only shows with several real server processes (gunicorn, 2 workers):

- a moderator's approval shows at once on every worker, although each keeps its own copy of the
  thread page (``majlis.comments.fastread``) and its own Django cache;
- a worker killed mid-moderation is replaced, and its replacement moderates the comments it left
  undecided (no ``majlis serve`` restart needed).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .invariants import DETERMINISTIC_CHECKS, comment_post, run_tag
from .live import STORY_URL, LiveMajlis, moderator_session, workspace_post

pytestmark = pytest.mark.slow

READS = 24  # new connection each: both workers answer some of them


def _thread(live: LiveMajlis) -> tuple[list[int], dict[str, str]]:
    query = urllib.parse.urlencode({"site": live.site, "url": STORY_URL, "order": "oldest"})
    with urllib.request.urlopen(f"{live.base_url}/api/v1/threads?{query}", timeout=30) as answer:
        return [c["id"] for c in json.loads(answer.read())["results"]], dict(answer.headers)


def _worker_pids(master: int) -> set[int]:
    """The master's gunicorn workers (its other child is the `majlis rescore` process)."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            argv = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if int(fields[1]) == master and b"rescore" not in argv:
            children.add(int(stat.parent.name))
    return children


def _gunicorn_master(live: LiveMajlis) -> int:
    # `majlis serve` execs gunicorn: the server's process is gunicorn's master.
    return live.server.process.pid


def test_an_approval_shows_at_once_on_every_worker(live_majlis):
    live = live_majlis(
        MAJLIS_TEST_CHECKS=DETERMINISTIC_CHECKS, MAJLIS_DEFAULT_POLICY_MODE="review_all"
    )
    run = run_tag(6)
    session = moderator_session(live)
    ids = []
    for number in range(3):
        status, body = comment_post(
            live,
            key=f"{run}-{number}",
            email=f"w{number}@example.org",
            text=f"Comment {number} waiting for a moderator ({run})",
        )
        assert status == 202
        ids.append(body["id"])
    published: list[int] = []
    for comment_id in ids:
        # Every worker has the page cached (many reads) before the decision...
        for _ in range(READS):
            assert _thread(live)[0] == published
        answer = workspace_post(
            session, live, f"/moderation/comments/{comment_id}/approve/", {"note": ""}
        )
        assert answer.status_code == 302
        published.append(comment_id)
        # ...and every read after it, on whichever worker, shows the approved comment.
        for _ in range(READS):
            assert _thread(live)[0] == published
    _, headers = _thread(live)
    assert headers["Cache-Control"] == "public, no-cache"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_a_replaced_worker_moderates_what_a_dead_one_left_undecided(live_majlis):
    live = live_majlis(MAJLIS_TEST_CHECKS=DETERMINISTIC_CHECKS, MAJLIS_DEFAULT_POLICY_MODE="auto")
    time.sleep(3)  # past the start-up sweeps of the first workers
    # A comment stored but never moderated, as when its worker dies between the two steps.
    code = (
        "from majlis.comments.models import Comment; "
        f"c = Comment.objects.create(story_id={live.story_id}, author_name='Orphan', "
        "author_email='orphan@example.org', text='Left undecided by a dead worker.', "
        "ip_hash='x'); print(c.pk)"
    )
    created = subprocess.run(
        [sys.executable, "-m", "majlis.cli", "manage", "shell", "-c", code],
        env={**os.environ, **live.env},
        capture_output=True,
        text=True,
        check=True,
    )
    orphan = int(created.stdout.strip().splitlines()[-1])

    def system_decisions() -> int:
        with live.db() as db:
            return db.execute(
                "SELECT COUNT(*) FROM moderation_decision WHERE comment_id = ? "
                "AND actor_kind = 'system'",
                (orphan,),
            ).fetchone()[0]

    time.sleep(2)
    assert system_decisions() == 0  # nothing sweeps while every worker lives
    master = _gunicorn_master(live)
    before = _worker_pids(master)
    assert len(before) == 2, before
    os.kill(sorted(before)[0], signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and system_decisions() == 0:
        time.sleep(0.2)
    assert system_decisions() == 1
    after = _worker_pids(master)
    assert len(after) == 2 and after != before  # gunicorn replaced the dead worker
    with live.db() as db:
        status = db.execute(
            "SELECT status FROM comments_comment WHERE id = ?", (orphan,)
        ).fetchone()[0]
    assert status == "approved"  # a clean comment under the auto policy, checked by every check
