"""Fixtures of the comment-layer tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture
def keep_the_test_connection() -> Iterator[None]:
    # As Django's test client does: the request signals would close the connection that holds
    # the test's transaction (PostgreSQL; SQLite in memory ignores the close).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
