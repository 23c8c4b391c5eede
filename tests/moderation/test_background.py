"""MAJLIS_MODERATE_IN_BACKGROUND: 202 once stored, moderation on a per-process worker thread."""

from __future__ import annotations

import threading

import pytest

from majlis.comments.models import Comment, CommentStatus
from majlis.moderation.background import moderation_wait_until_idle, moderation_worker_stop
from majlis.moderation.constants import ActorKind
from majlis.moderation.errors import AlreadyModerated
from majlis.moderation.services import comment_moderate, comments_moderate_pending


@pytest.fixture
def worker_stopped_after():
    yield
    # The thread must not outlive the test: its idle sweep would query other tests' databases.
    moderation_worker_stop()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("worker_stopped_after")
def test_background_worker_moderates_after_the_response(post_via_api, settings):
    settings.MAJLIS_MODERATE_IN_BACKGROUND = True
    # Both posts land inside the batch window, so the thread writes only after them: the
    # in-memory test database refuses two threads writing at once instead of waiting.
    settings.MAJLIS_MODERATION_BATCH_WAIT_SECONDS = 1.0
    ids = [
        post_via_api("A reasonable point about the drawdown.", email="a@example.org"),
        post_via_api("Fucking liars.", email="b@example.org"),
    ]
    moderation_wait_until_idle()
    clean, profane = (Comment.objects.get(pk=pk) for pk in ids)
    assert clean.status == CommentStatus.PENDING
    assert clean.decisions.get().actor_kind == ActorKind.SYSTEM
    assert profane.status == CommentStatus.REJECTED
    assert profane.decisions.count() == 1
    moderation_worker_stop()
    assert not any(t.name == "majlis-moderation" for t in threading.enumerate())


def test_a_comment_is_moderated_once_by_the_system(make_comment):
    comment = make_comment()
    with pytest.raises(AlreadyModerated):
        comment_moderate(comment=comment)
    assert comments_moderate_pending() == {"moderated": 0, "failed": 0}
    assert comment.decisions.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("worker_stopped_after")
def test_comments_arriving_while_the_worker_is_busy_are_moderated_together(
    post_via_api, settings, monkeypatch
):
    from majlis.moderation import services

    settings.MAJLIS_MODERATE_IN_BACKGROUND = True
    gate = threading.Event()
    batch_sizes: list[int] = []
    real_batch = services.comments_moderate_batch

    def held_batch(*, stored):
        batch_sizes.append(len(stored))
        gate.wait(10)  # the worker is busy while the next posts arrive
        return real_batch(stored=stored)

    monkeypatch.setattr(services, "comments_moderate_batch", held_batch)
    ids = [
        post_via_api(f"Point number {number} about the drawdown.", email=f"r{number}@example.org")
        for number in range(6)
    ]
    gate.set()
    moderation_wait_until_idle()
    assert sum(batch_sizes) == 6
    assert len(batch_sizes) < 6  # those that queued up went in one batch
    for comment in Comment.objects.filter(pk__in=ids):
        assert comment.decisions.get().actor_kind == ActorKind.SYSTEM


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("worker_stopped_after")
def test_the_worker_waits_a_moment_so_that_a_burst_makes_one_batch(
    post_via_api, settings, monkeypatch
):
    from majlis.moderation import services

    settings.MAJLIS_MODERATE_IN_BACKGROUND = True
    settings.MAJLIS_MODERATION_BATCH_WAIT_SECONDS = 2.0
    batch_sizes: list[int] = []
    real_batch = services.comments_moderate_batch

    def counted_batch(*, stored):
        batch_sizes.append(len(stored))
        return real_batch(stored=stored)

    monkeypatch.setattr(services, "comments_moderate_batch", counted_batch)
    for number in range(3):
        post_via_api(f"Remark {number} on the drawdown.", email=f"w{number}@example.org")
    moderation_wait_until_idle()
    assert batch_sizes == [3]
