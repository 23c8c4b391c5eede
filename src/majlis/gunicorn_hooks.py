"""Gunicorn server hooks of ``majlis serve`` (``--config python:majlis.gunicorn_hooks``)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

# Seconds a stopping worker gives its moderation thread to finish the comments it holds; what is
# left stays pending with no system decision, and the next worker's start sweep moderates it.
MODERATION_FINISH_SECONDS = 20.0
# How much lower the rescore's scoring priority is than the workers': it uses what they leave.
RESCORE_NICE = 19
RESCORE_STOP_SECONDS = 15.0  # majlis.supervise gives the rescore 10 s itself

_rescore: subprocess.Popen[bytes] | None = None


def worker_exit(server: Any, worker: Any) -> None:
    from majlis.moderation.background import moderation_worker_stop

    moderation_worker_stop(timeout=MODERATION_FINISH_SECONDS)


def when_ready(server: Any) -> None:
    """Start ``majlis rescore --follow`` beside the workers (``MAJLIS_CROSS_LANGUAGE_RELEVANCE``
    or ``MAJLIS_SEMANTIC_SCORES`` "deferred", the defaults): it adds relevance across languages
    and the meaning-based score to the comments held for them."""
    global _rescore
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    from django.conf import settings

    if "deferred" not in (
        settings.MAJLIS_CROSS_LANGUAGE_RELEVANCE,
        settings.MAJLIS_SEMANTIC_SCORES,
    ):
        return
    # Through majlis.supervise, which starts it again if it dies (the kernel may kill it for
    # memory: it holds the multilingual model) and ends with the server.
    _rescore = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            sys.executable,
            "-m",
            "majlis.supervise",
            "--parent-pid",
            str(os.getpid()),
            "--",
            sys.executable,
            "-m",
            "majlis.cli",
            "rescore",
            "--follow",
            "--nice",
            str(RESCORE_NICE),
        ],
        # At its low priority it may use every core the workers leave idle (`majlis serve` pins
        # each worker's OpenMP to one thread); passive waits, so a starved thread costs nothing.
        env={
            **os.environ,
            "OMP_NUM_THREADS": str(os.cpu_count() or 1),
            "OMP_WAIT_POLICY": "PASSIVE",
        },
    )


def on_exit(server: Any) -> None:
    """Stop the rescore process with the server (what it was doing is redone next start)."""
    global _rescore
    if _rescore is None:
        return
    from majlis.supervise import process_stop

    process_stop(_rescore, RESCORE_STOP_SECONDS)
    _rescore = None
