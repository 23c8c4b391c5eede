from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from django.db import models
from django.utils import timezone

from majlis.comments.errors import ImmutableText
from majlis.stories.models import Story


def text_digest(text: str) -> str:
    """Digest of the text folded for repeat detection (case, width and whitespace ignored)."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class CommentQuerySet(models.QuerySet["Comment"]):
    def update(self, **kwargs: Any) -> int:
        if "text" in kwargs or "text_digest" in kwargs:
            raise ImmutableText("comment text cannot be changed")
        return super().update(**kwargs)

    def approved(self) -> CommentQuerySet:
        return self.filter(status=CommentStatus.APPROVED)


class Comment(models.Model):
    """A reader's comment. Its text never changes; its status mirrors the latest Decision."""

    # No index of its own: comment_thread_idx (story, status, created_at) serves its lookups.
    story = models.ForeignKey(
        Story, on_delete=models.PROTECT, related_name="comments", db_index=False
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    author_name = models.CharField(max_length=80)
    author_email = models.EmailField()
    text = models.TextField()
    text_digest = models.CharField(max_length=64, db_index=True, editable=False)
    language = models.CharField(max_length=8, blank=True)
    language_confidence = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    ip_hash = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    # NULL, not "", when absent: the unique (author, key) constraint must ignore keyless posts.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    # Highest category score the checks found: sorts the queue by risk.
    risk = models.FloatField(default=0.0)
    # Latest decision's reasons as ",code,code," so queues filter by reason on any database.
    reason_codes = models.CharField(max_length=300, blank=True, editable=False)
    # Latest decision holds it as reported by a reader (the "reported" queue), kept with the
    # decision so the queue and its count use an index instead of scanning reason_codes.
    reported = models.BooleanField(default=False, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["story", "status", "created_at"], name="comment_thread_idx"),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
            # Author histories on the moderation cards count statuses from the index alone.
            models.Index(fields=["author_email", "status"], name="comment_author_status_idx"),
            # The workspace's queue sorted by risk, highest first (no sort of every pending row).
            models.Index(
                fields=["status", "-risk", "created_at", "id"], name="comment_risk_queue_idx"
            ),
            models.Index(
                fields=["status", "reported", "language", "created_at"],
                name="comment_reported_queue_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["author_email", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="comment_unique_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} by {self.author_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        stored = getattr(self, "_stored_text", None)
        if not self._state.adding and stored is not None and self.text != stored:
            raise ImmutableText("comment text cannot be changed")
        if self._state.adding:
            self.prepare_insert()
        super().save(*args, **kwargs)
        self._stored_text = self.text

    def prepare_insert(self) -> None:
        """What a new comment's row needs besides its fields (``save()`` and
        ``majlis.rows.row_insert`` both call it)."""
        self.text_digest = text_digest(self.text)
        self._stored_text = self.text

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Comment:
        instance = super().from_db(db, field_names, values)
        instance._stored_text = instance.__dict__.get("text")
        return instance

    @property
    def reasons(self) -> list[str]:
        return [code for code in self.reason_codes.split(",") if code]
