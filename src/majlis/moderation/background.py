"""Per-process moderation worker (``MAJLIS_MODERATE_IN_BACKGROUND``, on by default).

The API answers 202 once the pending comment is committed; a daemon thread of the same server
process then runs the pipeline. It takes the comments that arrive within
``MAJLIS_MODERATION_BATCH_WAIT_SECONDS`` of the first (up to ``MAJLIS_MODERATION_BATCH_SIZE``)
and moderates them together: one model call per check and one transaction for the batch, so the
worker keeps up with bursts. Nothing is lost if the
process dies: the comment is pending (not public) with no system decision, and the next idle
sweep of any worker, the sweep of the worker that replaces it, or ``majlis moderate-pending`` at
start, moderates it.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection

from majlis.comments.models import Comment

logger = logging.getLogger(__name__)

# A comment left undecided this long is assumed lost by its worker (process died).
SWEEP_AFTER = timedelta(seconds=60)
IDLE_SECONDS = 30.0
# How often a batch being gathered looks at the queue again.
BATCH_POLL_SECONDS = 0.02


class ModerationWorker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Comments just stored by this process (their rows need not be read again).
        self._queue: queue.Queue[Comment | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def submit(self, comment: Comment) -> None:
        with self._lock:
            # After a fork (gunicorn workers) the parent's thread does not exist here.
            if self._pid != os.getpid():
                self._queue = queue.Queue()
                self._thread = None
                self._pid = os.getpid()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="majlis-moderation", daemon=True
                )
                self._thread.start()
        self._queue.put(comment)

    def wait_until_idle(self) -> None:
        """Block until every submitted comment was handled (tests, graceful shutdown)."""
        self._queue.join()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the queued comments, then end the thread (it starts again on next submit)."""
        with self._lock:
            thread = self._thread
            if thread is None or self._pid != os.getpid():
                return
            self._queue.put(None)
            self._thread = None
        thread.join(timeout)

    def _run(self) -> None:
        work = self._queue
        while True:
            try:
                first = work.get(timeout=IDLE_SECONDS)
            except queue.Empty:
                self._sweep()
                continue
            batch, stop = self._batch_after(first, work)
            try:
                if batch:
                    close_old_connections()
                    self._moderate(batch)
            except Exception:
                logger.exception(
                    "background moderation of comments %s failed", [c.pk for c in batch]
                )
            finally:
                if stop or work.empty():
                    # Idle: hold no database connection (a server may drop or rotate it).
                    connection.close()
                for _ in range(len(batch) + stop):
                    work.task_done()
            if stop:
                return

    @staticmethod
    def _batch_after(
        first: Comment | None, work: queue.Queue[Comment | None]
    ) -> tuple[list[Comment], bool]:
        """``first`` and what arrives within the batch window, up to the batch size; and
        whether to stop.

        Waiting a moment for company is what makes batches under load: without it the thread
        keeps up one comment at a time and pays each batch's fixed cost (check hand-offs,
        model call set-up, a transaction) per comment — about 8 ms instead of 1.5 ms. It looks
        at the queue every ``BATCH_POLL_SECONDS`` rather than waking for each comment: a wake-up
        takes the interpreter's lock from the thread answering the next post.
        """
        if first is None:
            return [], True
        batch = [first]
        deadline = time.monotonic() + settings.MAJLIS_MODERATION_BATCH_WAIT_SECONDS
        size = settings.MAJLIS_MODERATION_BATCH_SIZE
        while True:
            while len(batch) < size:
                try:
                    comment = work.get_nowait()
                except queue.Empty:
                    break
                if comment is None:
                    return batch, True
                batch.append(comment)
            left = deadline - time.monotonic()
            if len(batch) >= size or left <= 0:
                return batch, False
            time.sleep(min(BATCH_POLL_SECONDS, left))

    @staticmethod
    def _moderate(comments: list[Comment]) -> None:
        from majlis.moderation.services import comments_moderate_batch

        comments_moderate_batch(stored=comments)

    @staticmethod
    def _sweep() -> None:
        from majlis.moderation.services import comments_moderate_pending

        try:
            close_old_connections()
            comments_moderate_pending(older_than=SWEEP_AFTER)
        except Exception:
            logger.exception("background sweep of undecided comments failed")
        finally:
            connection.close()


_worker = ModerationWorker()


def moderation_submit(*, comment: Comment) -> None:
    """Moderate ``comment``, which this process has just stored (``comment_create``), on the
    background thread."""
    _worker.submit(comment)


def moderation_wait_until_idle() -> None:
    _worker.wait_until_idle()


def moderation_worker_stop(timeout: float = 30.0) -> None:
    _worker.stop(timeout)


# Seconds after a server worker starts before it looks for undecided comments (let it boot).
WORKER_START_SWEEP_DELAY = 1.0


def _sweep_after_start(delay: float) -> None:
    from majlis.moderation.services import comments_moderate_pending

    time.sleep(delay)
    try:
        close_old_connections()
        counts = comments_moderate_pending()
        if counts["moderated"] or counts["failed"]:
            logger.info(
                "worker %s moderated %s comments left undecided (%s failed)",
                os.getpid(),
                counts["moderated"],
                counts["failed"],
            )
    except Exception:
        logger.exception("sweep of undecided comments at worker start failed")
    finally:
        connection.close()


def sweep_when_worker_starts(delay: float = WORKER_START_SWEEP_DELAY) -> None:
    """Moderate comments left undecided by a dead worker when its replacement starts.

    Runs on a daemon thread of the new worker, once, shortly after it starts. Comments another
    worker is moderating at that moment are safe: the decision is written under the comment's
    row lock and a second system decision raises AlreadyModerated, so each gets one.
    """
    threading.Thread(
        target=_sweep_after_start, args=(delay,), name="majlis-start-sweep", daemon=True
    ).start()


# How long the rescore waits before looking again when nothing awaits it (or after an error).
RESCORE_IDLE_SECONDS = 2.0
# Batches that raise (not a check's failure: the database, say) a comment may be part of.
RESCORE_ATTEMPTS = 3


def _lower_thread_priority(nice: int) -> None:
    """Lower the calling thread's CPU priority by ``nice`` (Linux: per thread; threads it starts
    inherit it), from where it is: a server started under ``nice`` keeps its scoring below it."""
    try:
        thread = threading.get_native_id()
        current = os.getpriority(os.PRIO_PROCESS, thread)
        os.setpriority(os.PRIO_PROCESS, thread, min(current + nice, 19))
    except (AttributeError, OSError):
        logger.warning("could not lower the rescore's CPU priority; it runs at normal priority")


def rescore_follow(
    *,
    batch_size: int,
    until_done: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
    idle_seconds: float = RESCORE_IDLE_SECONDS,
    nice: int = 0,
) -> dict[str, int]:
    """Add the scores first passes left for later (``relevance_pending``, ``semantic_pending``),
    oldest first, in batches: ``majlis rescore``. Its own process (``majlis serve`` starts
    one), so the multilingual model's ~30 ms a comment never holds a server worker's
    interpreter lock while it answers posts. ``nice``: how much lower the scoring thread's CPU
    priority is, so it uses what the server leaves; the decisions are written at normal
    priority (a starved thread holding SQLite's write lock would stall every post).

    Runs until ``should_stop()``, or with ``until_done`` until nothing awaits it. A comment
    whose rescore fails keeps its first decision (held for a human) and is not retried by
    this process, so one comment that breaks a check cannot stall the rest; a batch that raises
    (the database, say) is tried again after a pause, up to ``RESCORE_ATTEMPTS`` times.
    """
    from majlis.moderation.selectors import comments_awaiting_rescore
    from majlis.moderation.services import comments_rescore_batch

    totals = {"rescored": 0, "skipped": 0, "failed": 0}
    given_up: set[int] = set()
    attempts: Counter[int] = Counter()  # batches that raised, per comment
    scoring = ThreadPoolExecutor(
        max_workers=1,
        thread_name_prefix="majlis-rescore",
        initializer=_lower_thread_priority if nice else None,
        initargs=(nice,) if nice else (),
    )
    try:
        errors_in_a_row = 0
        while not should_stop():
            batch: list[int] = []
            try:
                close_old_connections()
                batch = comments_awaiting_rescore(limit=batch_size, exclude=given_up)
                if batch:
                    counts = comments_rescore_batch(comment_ids=batch, scoring=scoring)
                    for name, count in counts.items():
                        totals[name] += count
                    if counts["failed"]:
                        given_up.update(comments_awaiting_rescore(limit=len(batch), only=batch))
                errors_in_a_row = 0
            except Exception:
                # Perhaps the database is restarting: try again after a pause, but not forever.
                logger.exception("rescore of comments %s failed", batch)
                errors_in_a_row += 1
                attempts.update(batch)
                tried_enough = {pk for pk in batch if attempts[pk] >= RESCORE_ATTEMPTS}
                given_up |= tried_enough
                totals["failed"] += len(tried_enough)
                if until_done and errors_in_a_row >= RESCORE_ATTEMPTS and not batch:
                    break  # cannot even list them
                connection.close()
                time.sleep(idle_seconds)
                continue
            if batch:
                continue
            if until_done:
                break
            connection.close()  # idle: hold no database connection
            time.sleep(idle_seconds)
    finally:
        scoring.shutdown(wait=False)
        connection.close()
    return totals
