from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.db import IntegrityError, transaction
from django.db.models import F

from majlis.comments.errors import InvalidComment
from majlis.comments.validation import clean_text_value
from majlis.stories.models import Site, Story

URL_MAX_LENGTH = 500
TITLE_MAX_LENGTH = 300
# An article's summary as its page describes it (<meta name="description">, og:description):
# relevance is judged against the title and this when no editor gave the story its text.
DESCRIPTION_MAX_LENGTH = 2000


def canonical_url(url: str) -> str:
    """http(s) URL without its fragment, host lower-cased: one story per article."""
    url = clean_text_value(url, field="url", max_length=URL_MAX_LENGTH)
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise InvalidComment("is not a valid URL", field="url") from None
    if parts.scheme not in {"http", "https"} or not hostname or any(c.isspace() for c in url):
        raise InvalidComment("must be an absolute http(s) URL", field="url")
    netloc = parts.netloc.rsplit("@", 1)[-1].lower()
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))


def story_get_or_create(
    *, site: Site, url: str, title: str, language: str | None = None, description: str = ""
) -> tuple[Story, bool]:
    """The story at ``url`` on ``site``; created with ``title`` (and ``description`` as its
    text) on an embed's first load. An existing story is returned as it is."""
    url = canonical_url(url)
    existing = Story.objects.filter(site=site, url=url).first()
    if existing is not None:
        return existing, False
    title = clean_text_value(title, field="title", max_length=TITLE_MAX_LENGTH)
    body = clean_text_value(
        description, field="description", max_length=DESCRIPTION_MAX_LENGTH, required=False
    )
    language = clean_text_value(language or site.default_language, field="language", max_length=8)
    try:
        with transaction.atomic():
            story = Story.objects.create(
                site=site, url=url, title=title, body=body, language=language
            )
            return story, True
    except IntegrityError:
        # Two first loads at once: the other one created it.
        return Story.objects.get(site=site, url=url), False


def story_thread_changed(*, story_id: int) -> None:
    """Mark the story's public thread as changed (readers' cached pages revalidate on it).

    Call it inside the transaction that changes what the thread shows, so the new version and
    the change become visible together.
    """
    Story.objects.filter(pk=story_id).update(thread_version=F("thread_version") + 1)
