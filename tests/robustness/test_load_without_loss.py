"""Dozens of concurrent clients, retries with the same Idempotency-Key: nothing lost or doubled,
nothing published without every check having run."""

from __future__ import annotations

import os
import random
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest

from .invariants import (
    DETERMINISTIC_CHECKS,
    assert_nothing_published_unchecked,
    comment_post,
    public_thread_ids,
    rows_by_key,
    run_tag,
    wait_until_moderated,
)

POSTS = int(os.environ.get("MAJLIS_ROBUSTNESS_POSTS", "400"))
CLIENTS = 32
RETRY_SHARE = 0.3

pytestmark = pytest.mark.slow


def test_concurrent_posts_and_retries_store_each_comment_exactly_once(live_majlis):
    live = live_majlis(MAJLIS_TEST_CHECKS=DETERMINISTIC_CHECKS, MAJLIS_DEFAULT_POLICY_MODE="auto")
    rng = random.Random(5)
    run = run_tag()
    planned = {}
    for number in range(POSTS):
        key = f"{run}-{number}"
        verdict = "hold" if number % 4 == 0 else "fine"
        planned[key] = (
            f"Comment {number} on the drawdown, {verdict} ({run})",
            f"reader{number % 50}@example.org",
        )
    # A retry is the same request again (a client that timed out, a double click): some are
    # sent concurrently with the original, which races the unique constraint.
    sends = list(planned) + [key for key in planned if rng.random() < RETRY_SHARE]
    rng.shuffle(sends)

    def send(key: str) -> tuple[str, int, object]:
        text, email = planned[key]
        status, body = comment_post(live, key=key, text=text, email=email)
        return key, status, body

    with ThreadPoolExecutor(CLIENTS) as pool:
        answers = list(pool.map(send, sends))

    acknowledged: dict[str, set[int]] = defaultdict(set)
    for key, status, body in answers:
        assert status == 202, (key, status, body)
        assert body["status"] == "pending"
        acknowledged[key].add(body["id"])
    assert set(acknowledged) == set(planned)
    # The server answers 202 once a comment is stored and moderates it right after (batched).
    wait_until_moderated(live)

    with live.db() as db:
        stored = rows_by_key(db)
        total = db.execute(
            "SELECT COUNT(*) FROM comments_comment WHERE story_id = ?", (live.story_id,)
        ).fetchone()[0]
        for key, (text, email) in planned.items():
            rows = stored.get(key, [])
            assert len(rows) == 1, f"{key}: stored {len(rows)} times"
            assert acknowledged[key] == {rows[0]["id"]}, "retries answered another comment"
            assert rows[0]["text"] == text and rows[0]["author_email"] == email
        assert total == POSTS
        published = assert_nothing_published_unchecked(db, live.checks)
        held_but_published = db.execute(
            "SELECT COUNT(*) FROM comments_comment WHERE status = 'approved' AND text LIKE '%hold%'"
        ).fetchone()[0]
        approved_ids = {
            row[0]
            for row in db.execute("SELECT id FROM comments_comment WHERE status = 'approved'")
        }
        # Why clean comments were not published, if any were not: status and reasons counted.
        unpublished_clean = db.execute(
            "SELECT status, reason_codes, COUNT(*) FROM comments_comment "
            "WHERE status != 'approved' AND text NOT LIKE '%hold%' GROUP BY 1, 2"
        ).fetchall()
    assert held_but_published == 0
    # The fake classifier calls three in four clean: the auto policy must publish those.
    assert published == POSTS - len(range(0, POSTS, 4)), [tuple(row) for row in unpublished_clean]
    assert public_thread_ids(live) == approved_ids
