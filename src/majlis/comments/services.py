from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction

from majlis.comments.errors import IdempotencyConflict, InvalidComment, StoryClosed
from majlis.comments.ip import ip_hash
from majlis.comments.models import Comment, CommentStatus
from majlis.comments.selectors import comment_for_idempotency_key
from majlis.comments.validation import (
    clean_author_email,
    clean_author_name,
    clean_comment_text,
    clean_text_value,
)
from majlis.rows import row_insert
from majlis.stories.models import Story

logger = logging.getLogger(__name__)

IDEMPOTENCY_KEY_MAX_LENGTH = 100


def _existing_for_key(*, author_email: str, idempotency_key: str, text: str) -> Comment | None:
    existing = comment_for_idempotency_key(
        author_email=author_email, idempotency_key=idempotency_key
    )
    if existing is not None and existing.text != text:
        raise IdempotencyConflict(
            "this Idempotency-Key was already used for a different comment",
            field="Idempotency-Key",
        )
    return existing


def comment_create(
    *,
    story: Story,
    author_name: str,
    author_email: str,
    text: str,
    parent: Comment | None = None,
    ip_address: str,
    idempotency_key: str | None = None,
) -> Comment:
    """Store a comment as PENDING and commit it, then run moderation on it.

    The comment is durable before any check runs: if moderation fails it stays pending with the
    reason ``unscored`` (or, if even that cannot be written, ``majlis moderate-pending`` finds it).
    The same ``idempotency_key`` from the same author returns the first comment, not a second.
    """
    author_name = clean_author_name(author_name)
    author_email = clean_author_email(author_email)
    text = clean_comment_text(text)
    if idempotency_key is not None:
        idempotency_key = clean_text_value(
            idempotency_key, field="Idempotency-Key", max_length=IDEMPOTENCY_KEY_MAX_LENGTH
        )
        existing = _existing_for_key(
            author_email=author_email, idempotency_key=idempotency_key, text=text
        )
        if existing is not None:
            return existing
    if not story.comments_open:
        raise StoryClosed("comments on this story are closed", field="story_id")
    if parent is not None and parent.story_id != story.pk:
        raise InvalidComment("is a comment on another story", field="parent_id")
    if parent is not None and parent.status != CommentStatus.APPROVED:
        raise InvalidComment("is not a published comment", field="parent_id")

    try:
        comment = Comment(
            story=story,
            parent=parent,
            author_name=author_name,
            author_email=author_email,
            text=text,
            ip_hash=ip_hash(ip_address),
            idempotency_key=idempotency_key,
        )
        comment.prepare_insert()
        # The posting hot path: the row through the cursor, not the ORM's save(). One INSERT is
        # its own transaction; inside a caller's, a savepoint keeps a lost race recoverable.
        if transaction.get_connection().in_atomic_block:
            with transaction.atomic():
                row_insert(comment)
        else:
            row_insert(comment)
    except IntegrityError:
        # A concurrent request with the same key won the race: answer with its comment.
        if idempotency_key is None:
            raise
        existing = _existing_for_key(
            author_email=author_email, idempotency_key=idempotency_key, text=text
        )
        if existing is None:
            raise
        return existing

    _moderate_or_hold(comment)
    return comment


def _moderate_or_hold(comment: Comment) -> None:
    # Imported here: moderation builds on comments, not the other way round at import time.
    from majlis.moderation.background import moderation_submit
    from majlis.moderation.services import comment_moderate_or_hold

    if settings.MAJLIS_MODERATE_IN_BACKGROUND:
        # Answer the reader as soon as the comment is durable; a per-process worker moderates.
        transaction.on_commit(lambda: moderation_submit(comment=comment))
    else:
        comment_moderate_or_hold(comment=comment, stored=True)
