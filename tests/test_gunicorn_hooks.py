"""`majlis serve`'s gunicorn hooks: a stopping worker finishes its moderation queue first."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

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

    def held_batch(*, stored):
        gate.wait(10)
        return real_batch(stored=stored)

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


def _environ_once_started(pid: int) -> list[bytes]:
    """The process's environment, once it has one (empty between its fork and its exec)."""
    deadline = time.monotonic() + 10
    while True:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
        if environ or time.monotonic() > deadline:
            return environ.split(b"\0")
        time.sleep(0.05)


def _child_of(pid: int) -> int:
    """The one child of ``pid``, once it has started it."""
    deadline = time.monotonic() + 10
    while True:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if children or time.monotonic() > deadline:
            (child,) = children
            return int(child)
        time.sleep(0.05)


def test_the_server_runs_the_rescore_beside_its_workers_and_stops_it(
    settings, tmp_path, monkeypatch
):
    settings.MAJLIS_CROSS_LANGUAGE_RELEVANCE = "deferred"
    monkeypatch.setenv("MAJLIS_DATA_DIR", str(tmp_path))  # the child's database, not var/
    monkeypatch.delenv("DATABASE_URL", raising=False)
    gunicorn_hooks.when_ready(server=None)
    child = gunicorn_hooks._rescore
    try:
        assert child is not None and child.poll() is None
        # kept running by majlis.supervise, which ends with this process
        assert child.args[1:5] == ["-m", "majlis.supervise", "--parent-pid", str(os.getpid())]
        assert child.args[-4:] == ["rescore", "--follow", "--nice", "19"]
        # every core for its multilingual model (at nice 19), not the workers' one thread
        environ = _environ_once_started(child.pid)
        assert f"OMP_NUM_THREADS={os.cpu_count()}".encode() in environ
        assert b"OMP_WAIT_POLICY=PASSIVE" in environ
        rescore = _child_of(child.pid)
        assert b"rescore" in Path(f"/proc/{rescore}/cmdline").read_bytes().split(b"\0")
    finally:
        gunicorn_hooks.on_exit(server=None)
    assert child.returncode is not None and gunicorn_hooks._rescore is None
    assert not Path(f"/proc/{rescore}").exists()  # stopped with its supervisor


@pytest.mark.parametrize("semantic", ["inline", "off"])
def test_no_rescore_process_when_nothing_is_left_for_later(settings, semantic):
    settings.MAJLIS_CROSS_LANGUAGE_RELEVANCE = "inline"
    settings.MAJLIS_SEMANTIC_SCORES = semantic
    gunicorn_hooks.when_ready(server=None)
    assert gunicorn_hooks._rescore is None
    gunicorn_hooks.on_exit(server=None)  # nothing to stop


def test_the_meaning_left_for_later_starts_the_rescore_process(settings):
    settings.MAJLIS_CROSS_LANGUAGE_RELEVANCE = "inline"
    settings.MAJLIS_SEMANTIC_SCORES = "deferred"
    try:
        gunicorn_hooks.when_ready(server=None)
        assert gunicorn_hooks._rescore is not None
    finally:
        gunicorn_hooks.on_exit(server=None)
    assert gunicorn_hooks._rescore is None
