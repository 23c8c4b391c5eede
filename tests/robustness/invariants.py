"""What must hold in the database after any load, fault or crash (read with plain sqlite3)."""

from __future__ import annotations

import json
import sqlite3
import time
import urllib.parse
import uuid
from typing import Any

from .live import STORY_URL, LiveMajlis, http

# The rule-based checks plus a stand-in classifier with known verdicts: under load the test must
# know which comments the system may publish, whatever the shipped model would say.
DETERMINISTIC_CHECKS = ",".join(
    [
        "majlis.moderation.checks.LengthFormatCheck",
        "majlis.moderation.checks.StoryClosedCheck",
        "majlis.moderation.checks.RepeatPostCheck",
        "majlis.moderation.checks.ContactDetailsCheck",
        "majlis.moderation.checks.WordListCheck",
        "faulty_checks.CleanUnlessMarkedCheck",
    ]
)


def run_tag(length: int = 8) -> str:
    """A tag that makes a run's comment texts unique, and that no check reads as a signal: a
    bare hex id is all digits one time in 43 at 8 characters, which ContactDetailsCheck rightly
    takes for a phone number (and the auto policy then publishes none of the run's comments)."""
    return "run" + uuid.uuid4().hex[:length]


def comment_post(
    live: LiveMajlis, *, key: str, text: str, email: str, timeout: float = 60
) -> tuple[int, Any]:
    return http(
        "POST",
        f"{live.base_url}/api/v1/comments",
        {
            "story_id": live.story_id,
            "author_name": "Load reader",
            "author_email": email,
            "text": text,
            "website": "",
        },
        headers={"Idempotency-Key": key},
        timeout=timeout,
    )


# The fields a published comment shows in the public API: nothing more (no e-mail, no IP hash).
PUBLIC_COMMENT_FIELDS = frozenset(
    {"id", "parent_id", "author_name", "text", "language", "created_at", "replies"}
)


def undecided_count(db: sqlite3.Connection) -> int:
    """Comments with no decision at all (not yet moderated)."""
    return int(
        db.execute(
            "SELECT COUNT(*) FROM comments_comment c WHERE NOT EXISTS "
            "(SELECT 1 FROM moderation_decision d WHERE d.comment_id = c.id)"
        ).fetchone()[0]
    )


def wait_until_moderated(live: LiveMajlis, *, timeout: float = 60.0) -> float:
    """Seconds until every stored comment has a decision: the server moderates after its 202."""
    started = time.monotonic()
    while True:
        db = live.db()
        try:
            if undecided_count(db) == 0:
                return time.monotonic() - started
        finally:
            db.close()
        if time.monotonic() - started > timeout:
            raise AssertionError(f"comments still unmoderated {timeout:g} s after the load")
        time.sleep(0.1)


def rows_by_key(db: sqlite3.Connection) -> dict[str, list[sqlite3.Row]]:
    grouped: dict[str, list[sqlite3.Row]] = {}
    for row in db.execute(
        "SELECT id, idempotency_key, text, status, author_email "
        "FROM comments_comment WHERE idempotency_key IS NOT NULL"
    ):
        grouped.setdefault(row["idempotency_key"], []).append(row)
    return grouped


def assert_nothing_published_unchecked(db: sqlite3.Connection, checks: list[str]) -> int:
    """Every approved comment was approved by a moderator, or by the system after every
    configured check ran without error; its latest decision is that approval. Returns count."""
    approved = db.execute("SELECT id FROM comments_comment WHERE status = 'approved'").fetchall()
    for (comment_id,) in approved:
        latest = db.execute(
            "SELECT decision, actor_kind, signals FROM moderation_decision WHERE comment_id = ? "
            "ORDER BY created_at DESC, id DESC LIMIT 1",
            (comment_id,),
        ).fetchone()
        assert latest is not None, f"comment {comment_id} is approved without any decision"
        assert latest["decision"] == "approve", f"comment {comment_id}: latest is {dict(latest)}"
        if latest["actor_kind"] == "system":
            signals = json.loads(latest["signals"])
            ran = signals.get("checks", {})
            for name in checks:
                assert name in ran and "error" not in ran[name], (
                    f"comment {comment_id} auto-approved but check {name} did not run cleanly: "
                    f"{ran.get(name)}"
                )
            assert not signals.get("flags"), f"comment {comment_id} approved with flags"
    return len(approved)


def public_thread_ids(live: LiveMajlis) -> set[int]:
    """Ids of every comment the public API shows for the story, over all pages and replies."""
    ids: set[int] = set()
    page, pages = 1, 1
    while page <= pages:
        query = urllib.parse.urlencode({"site": live.site, "url": STORY_URL, "page": page})
        status, body = http("GET", f"{live.base_url}/api/v1/threads?{query}")
        assert status == 200, body
        assert "@" not in json.dumps(body), "an e-mail address leaked into the public thread"
        pages = body["pages"]
        stack = list(body["results"])
        while stack:
            node = stack.pop()
            ids.add(node["id"])
            assert set(node) <= PUBLIC_COMMENT_FIELDS, node.keys()
            stack.extend(node["replies"])
        page += 1
    return ids


def majlis_seed_moderator(live: LiveMajlis, username: str, password: str) -> None:
    """Another moderator in the live database, through the same seeder process."""
    from bench.common.majlis_env import majlis_seed

    majlis_seed(live.env, site=live.site, moderator=username, password=password)
