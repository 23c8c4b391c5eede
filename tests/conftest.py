"""Shared fixtures. Tests touching the database run on SQLite and, via DATABASE_URL, PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate-limit counters and CORS origins live in the cache: no test may see another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _moderate_in_the_request(settings: Any) -> None:
    # In-process tests look at a comment's decision right after posting it. The background
    # worker (the server's default) has its own tests (test_background.py, test_batch.py), and
    # the live-server robustness tests run `majlis serve` with the default.
    settings.MAJLIS_MODERATE_IN_BACKGROUND = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # The production hasher costs ~1 s per password on these CPUs; tests only need it to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def site(db: Any) -> Any:
    from majlis.stories.models import Site

    return Site.objects.create(slug="news", name="News", default_language="en")


@pytest.fixture
def story(site: Any) -> Any:
    from majlis.stories.models import Story

    return Story.objects.create(
        site=site,
        url="https://news.example/troops/",
        title="US to cut troops in Iraq to 2,500 by January 15",
        body="The Acting US Defense Secretary announced the drawdown at the Pentagon.",
    )


@pytest.fixture
def other_story(site: Any) -> Any:
    from majlis.stories.models import Story

    return Story.objects.create(
        site=site, url="https://news.example/museum/", title="Museum opens in Erbil citadel"
    )


@pytest.fixture
def moderator(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    from majlis.cli import moderator_ensure

    moderator_ensure(username="mod", email="mod@news.example", password="pw-for-tests-1")
    return get_user_model().objects.get(username="mod")


@pytest.fixture
def second_moderator(db: Any) -> Any:
    from django.contrib.auth import get_user_model

    from majlis.cli import moderator_ensure

    moderator_ensure(username="mod2", password="pw-for-tests-2")
    return get_user_model().objects.get(username="mod2")


@pytest.fixture
def make_comment(story: Any) -> Any:
    """Post a comment through the real service (stored, then moderated by the configured checks)."""
    from majlis.comments.services import comment_create

    def make(text: str = "A fair point about the drawdown.", **overrides: Any) -> Any:
        arguments: dict[str, Any] = {
            "story": story,
            "author_name": "Reader",
            "author_email": "reader@example.org",
            "text": text,
            "ip_address": "203.0.113.7",
        }
        arguments.update(overrides)
        return comment_create(**arguments)

    return make


@pytest.fixture
def post_via_api(client: Any, story: Any) -> Any:
    """POST a comment to the public API as the embed does; asserts the 202, returns the id."""

    def post(text: str, *, email: str = "reader@example.org") -> int:
        response = client.post(
            "/api/v1/comments",
            json.dumps(
                {"story_id": story.pk, "author_name": "Reader", "author_email": email, "text": text}
            ),
            content_type="application/json",
        )
        assert response.status_code == 202, response.content
        return int(response.json()["id"])

    return post


CHROMIUM = os.environ.get("MAJLIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Debian chromium for the whole session, shared by every real-browser test.

    Playwright's sync API allows one instance per process at a time: a second
    ``sync_playwright()`` while this one runs fails ("Sync API inside the asyncio loop"), so
    test directories must use this fixture rather than start their own.
    """
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"chromium not installed at {CHROMIUM} (scripts/test installs it)")
    # The ORM calls between browser steps are synchronous; Django's async guard must not fire.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
