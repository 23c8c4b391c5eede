"""Gunicorn server hooks of ``majlis serve`` (``--config python:majlis.gunicorn_hooks``)."""

from __future__ import annotations

from typing import Any

# Seconds a stopping worker gives its moderation thread to finish the comments it holds; what is
# left stays pending with no system decision, and the next worker's start sweep moderates it.
MODERATION_FINISH_SECONDS = 20.0


def worker_exit(server: Any, worker: Any) -> None:
    from majlis.moderation.background import moderation_worker_stop

    moderation_worker_stop(timeout=MODERATION_FINISH_SECONDS)
