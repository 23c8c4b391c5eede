"""Fixtures of the robustness suite: live Majlis servers (see ``live.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .live import LiveMajlis, live_start


@pytest.fixture
def live_majlis(tmp_path: Path) -> Iterator[Callable[..., LiveMajlis]]:
    """Factory: ``live_majlis(**env_overrides)`` starts a seeded server; all stop at teardown."""
    started: list[LiveMajlis] = []

    def start(*, site: str = "news", **extra: str) -> LiveMajlis:
        live = live_start(tmp_path / f"majlis-{len(started)}", site=site, **extra)
        started.append(live)
        return live

    yield start
    for live in started:
        live.server.stop()
