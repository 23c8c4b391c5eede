from __future__ import annotations

from django.db import models
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

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "stories"
        constraints = [
            models.UniqueConstraint(fields=["site", "url"], name="story_unique_url_per_site"),
        ]

    def __str__(self) -> str:
        return self.title
