"""The demo newsroom: article pages laid out like a news site, with the Majlis embed under them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from majlis.moderation.i18n import RTL_LANGUAGES, direction
from majlis.stories import selectors
from majlis.stories.demo import DEMO_SITE_SLUG, MAIN_STORY_SLUG
from majlis.stories.models import Story

__all__ = ["RTL_LANGUAGES", "demo_story", "paragraphs", "story_slug"]
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # what the <slug:> URL converter accepts
SIDEBAR_SIZE = 10


@dataclass(frozen=True)
class StoryLink:
    story: Story
    slug: str


def story_slug(story: Story) -> str:
    """The last path segment of the story's canonical URL when it is a plain slug, else its id
    (stories created by embeds can have any URL, e.g. ``/2024/11/article.html``)."""
    segment = urlsplit(story.url).path.rstrip("/").rsplit("/", 1)[-1]
    return segment if SLUG.fullmatch(segment) else str(story.pk)


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _demo_story(slug_or_id: str) -> Story | None:
    story = selectors.demo_story_get(slug=slug_or_id)
    if story is None and slug_or_id.isdigit():
        story = (
            Story.objects.filter(site__slug=DEMO_SITE_SLUG, pk=int(slug_or_id))
            .select_related("site")
            .first()
        )
    return story


def _other_demo_stories(story: Story) -> list[StoryLink]:
    others = (
        Story.objects.filter(site__slug=DEMO_SITE_SLUG)
        .exclude(pk=story.pk)
        .order_by("-created_at", "-id")[:SIDEBAR_SIZE]
    )
    return [StoryLink(other, story_slug(other)) for other in others]


def page_language(story: Story) -> str | None:
    """The language the page's own words are shown in: the story's, when Majlis speaks it."""
    code = (story.language or "").lower()
    supported = {code for code, _name in settings.LANGUAGES}
    return code if code in supported else None


@require_GET
def demo_story(request: HttpRequest, slug_or_id: str = MAIN_STORY_SLUG) -> HttpResponse:
    story = _demo_story(slug_or_id)
    if story is None:
        raise Http404(_("No such demo story."))
    # A Sorani article is a Sorani page: masthead, sections and sidebar speak its language
    # (unsupported story languages fall back to the reader's).
    language = page_language(story) or translation.get_language()
    with translation.override(language):
        response = render(
            request,
            "stories/demo_story.html",
            {
                "story": story,
                "masthead": story.site.name,
                "kicker": _("Top story") if story_slug(story) == MAIN_STORY_SLUG else _("News"),
                "direction": direction(story.language),
                "paragraphs": paragraphs(story.body),
                "other_stories": _other_demo_stories(story),
            },
        )
    response.headers["Content-Language"] = language
    return response
