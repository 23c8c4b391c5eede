"""Two moderators deciding the same comments at the same instant on a live multi-worker server:
one consistent final state, each accepted decision logged in order, one e-mail per rejection."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from .invariants import comment_post, run_tag
from .live import moderator_session, workspace_post

COMMENTS = 12

pytestmark = pytest.mark.slow


def _mails_to(mail_dir: Path, address: str) -> int:
    if not mail_dir.exists():
        return 0
    return sum(f"To: {address}" in path.read_text(errors="replace") for path in mail_dir.iterdir())


@pytest.mark.parametrize("race", ["approve-vs-reject", "reject-vs-reject"])
def test_simultaneous_decisions_leave_one_consistent_state(race, live_majlis):
    live = live_majlis(MAJLIS_DEFAULT_POLICY_MODE="review_all")  # every comment waits
    run = run_tag(6)
    # A second moderator: the seeder only creates one.
    from .invariants import majlis_seed_moderator

    majlis_seed_moderator(live, "mod2", "live-password-456")
    first = moderator_session(live)
    second = moderator_session(live, "mod2", "live-password-456")
    ids = []
    for number in range(COMMENTS):
        status, body = comment_post(
            live,
            key=f"{run}-{number}",
            email=f"m{number}@example.org",
            text=f"Comment {number} for two moderators ({run})",
        )
        assert status == 202
        ids.append(body["id"])

    actions = {
        "approve": ("approve", {"note": ""}),
        "reject": ("reject", {"reasons": ["off_topic"], "note": ""}),
    }
    plan = race.split("-vs-")
    for comment_id in ids:
        barrier = threading.Barrier(2)
        answers = []

        def decide(session, action):
            path, data = actions[action]
            barrier.wait()
            answers.append(
                workspace_post(
                    session, live, f"/moderation/comments/{comment_id}/{path}/", data
                ).status_code
            )

        threads = [
            threading.Thread(target=decide, args=(first, plan[0])),
            threading.Thread(target=decide, args=(second, plan[1])),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert answers == [302, 302], answers  # both get the queue back, never an error page

    with live.db() as db:
        for number, comment_id in enumerate(ids):
            status = db.execute(
                "SELECT status FROM comments_comment WHERE id = ?", (comment_id,)
            ).fetchone()[0]
            decisions = db.execute(
                "SELECT decision, moderator_id FROM moderation_decision "
                "WHERE comment_id = ? AND actor_kind = 'moderator' ORDER BY created_at, id",
                (comment_id,),
            ).fetchall()
            kinds = [row["decision"] for row in decisions]
            if race == "approve-vs-reject":
                # Both are legal in either order (a reversal): both logged, status = the last.
                assert sorted(kinds) == ["approve", "reject"], kinds
                assert {row["moderator_id"] for row in decisions}.__len__() == 2
            else:
                # The second rejection of a rejected comment is refused, not logged twice.
                assert kinds == ["reject"], kinds
            assert status == {"approve": "approved", "reject": "rejected"}[kinds[-1]]
            rejections = kinds.count("reject")
            assert _mails_to(live.data_dir / "mail", f"m{number}@example.org") == rejections
