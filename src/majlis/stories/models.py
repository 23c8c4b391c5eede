from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone


class Site(models.Model):
    """A newsroom website whose articles carry Majlis comment threads."""

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=200)
    default_language = models.CharField(max_length=8, default="en")
    # Origins (scheme://host[:port]) whose pages may call the public API from the browser.
    allowed_origins = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    """An article: comments attach to it; relevance is judged against its title and body."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="stories")
    url = models.URLField(max_length=500, help_text="Canonical URL of the article.")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    language = models.CharField(max_length=8, default="en")
    dateline = models.CharField(max_length=200, blank=True)
    comments_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Grows whenever what the public thread shows may change: a decision that publishes or
    # unpublishes one of its comments (bumped in the decision's transaction) or an edit of the
    # story. Readers revalidate cached thread pages with this one indexed column.
    thread_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "stories"
        # The workspace's story filter lists the newest stories (no sort of every story).
        indexes = [models.Index(fields=["-created_at", "-id"], name="story_newest_idx")]
        constraints = [
            models.UniqueConstraint(fields=["site", "url"], name="story_unique_url_per_site"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        bump = not self._state.adding and (
            update_fields is None or "thread_version" not in update_fields
        )
        if bump:
            # Incremented in SQL, not from this (maybe stale) instance: versions never repeat.
            self.thread_version = F("thread_version") + 1  # type: ignore[assignment]
            if update_fields is not None:
                kwargs["update_fields"] = [*update_fields, "thread_version"]
        super().save(*args, **kwargs)
        if bump:
            self.refresh_from_db(fields=["thread_version"])
