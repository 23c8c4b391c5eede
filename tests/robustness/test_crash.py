"""SIGKILL the whole server in the middle of a load, restart it: every acknowledged comment is
there exactly once, the database passes its integrity check, nothing is published unchecked."""

from __future__ import annotations

import http.client
import itertools
import signal
import threading
import time

import pytest

from .invariants import (
    DETERMINISTIC_CHECKS,
    assert_nothing_published_unchecked,
    comment_post,
    rows_by_key,
    run_tag,
    undecided_count,
)

CLIENTS = 16
LOAD_SECONDS_BEFORE_KILL = 4.0

pytestmark = pytest.mark.slow


def test_sigkill_mid_load_loses_no_acknowledged_comment(live_majlis):
    live = live_majlis(MAJLIS_TEST_CHECKS=DETERMINISTIC_CHECKS, MAJLIS_DEFAULT_POLICY_MODE="auto")
    run = run_tag()
    counter = itertools.count()
    acknowledged: dict[str, int] = {}
    unanswered: dict[str, tuple[str, str]] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def client() -> None:
        while not stop.is_set():
            number = next(counter)
            key, text = f"{run}-{number}", f"Before the crash, comment {number} ({run})"
            email = f"crash{number % 20}@example.org"
            try:
                status, body = comment_post(live, key=key, text=text, email=email, timeout=10)
            except (OSError, http.client.HTTPException):
                # Reset, refused, or cut off mid-answer: the server died under this request.
                status, body = None, None
            with lock:
                if status == 202:
                    acknowledged[key] = body["id"]
                else:
                    assert status is None or status < 500, (status, body)
                    unanswered[key] = (text, email)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(LOAD_SECONDS_BEFORE_KILL)
    live.server.kill(signal.SIGKILL)  # master and workers at once, mid-request
    live.server.process.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged) > 20, "the load did not get going before the kill"
    assert unanswered, "the kill landed between requests; nothing was in flight"

    with live.db() as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # `majlis serve` on restart applies migrations and moderates what the crash left undecided.
    live.restart()
    with live.db() as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = rows_by_key(db)
        for key, comment_id in acknowledged.items():
            assert [row["id"] for row in stored.get(key, [])] == [comment_id], key
        for key in unanswered:
            assert len(stored.get(key, [])) <= 1, key
        assert undecided_count(db) == 0, (
            "restart must moderate comments the crash left without a decision"
        )
        assert_nothing_published_unchecked(db, live.checks)

    # The client whose request died retries with the same key: stored once, never twice.
    for key, (text, email) in unanswered.items():
        status, body = comment_post(live, key=key, text=text, email=email)
        assert status == 202, body
    with live.db() as db:
        stored = rows_by_key(db)
        for key in [*acknowledged, *unanswered]:
            assert len(stored[key]) == 1, key
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
