from __future__ import annotations

from majlis.rows import row_get
from majlis.stories.demo import DEMO_SITE_SLUG, DEMO_STORIES, MAIN_STORY_SLUG, demo_story_url
from majlis.stories.models import Site, Story


def story_get(*, story_id: int) -> Story | None:
    """One story by id, read through the cursor (the comment-posting hot path, ``majlis.rows``).
    Its site is not loaded with it."""
    return row_get(Story, id=story_id)


def site_get(*, slug: str) -> Site | None:
    return Site.objects.filter(slug=slug).first()


def demo_story_get(*, slug: str = MAIN_STORY_SLUG) -> Story | None:
    """The demo story for a page slug (``/`` and ``/demo/`` show MAIN_STORY_SLUG)."""
    return (
        Story.objects.filter(site__slug=DEMO_SITE_SLUG, url=demo_story_url(slug))
        .select_related("site")
        .first()
    )


def demo_story_slugs() -> list[str]:
    return [story.slug for story in DEMO_STORIES]
