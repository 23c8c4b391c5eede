"""`majlis serve`'s gunicorn hooks: a stopping worker finishes its moderation queue first."""

from __future__ import annotations

import threading

import pytest

from majlis import gunicorn_hooks
from majlis.comments.models import Comment
from majlis.moderation.constants import ActorKind


@pytest.mark.django_db(transaction=True)
def test_worker_exit_moderates_what_is_queued_then_ends_the_thread(
    post_via_api, settings, monkeypatch
):
    from majlis.moderation import services

    settings.MAJLIS_MODERATE_IN_BACKGROUND = True
    # Hold the moderation thread until the posts are in: the test database is in memory, where
    # SQLite refuses (rather than waits for) two threads writing at once.
    gate = threading.Event()
    real_batch = services.comments_moderate_batch

    def held_batch(*, comment_ids):
        gate.wait(10)
        return real_batch(comment_ids=comment_ids)

    monkeypatch.setattr(services, "comments_moderate_batch", held_batch)
    ids = [
        post_via_api(f"Point {number} about the drawdown.", email=f"r{number}@example.org")
        for number in range(3)
    ]
    assert not Comment.objects.filter(pk__in=ids, decisions__isnull=False).exists()

    gate.set()
    gunicorn_hooks.worker_exit(server=None, worker=None)

    assert not any(t.name == "majlis-moderation" for t in threading.enumerate())
    for comment in Comment.objects.filter(pk__in=ids):
        assert comment.decisions.get().actor_kind == ActorKind.SYSTEM
