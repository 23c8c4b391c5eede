from __future__ import annotations

import hashlib
import json
import math
from typing import Any

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder

from majlis.comments.models import Comment, CommentStatus
from majlis.rows import row_get
from majlis.stories.models import Story

THREAD_CACHE_SECONDS = 300


def comment_for_idempotency_key(*, author_email: str, idempotency_key: str) -> Comment | None:
    """The author's comment posted with this key (unique per author), if any."""
    return row_get(Comment, author_email=author_email, idempotency_key=idempotency_key)


def comment_get(*, comment_id: int) -> Comment | None:
    return row_get(Comment, id=comment_id)


def thread_get(*, story: Story, order: str, page: int, page_size: int) -> dict[str, Any]:
    """A story's published comments as a tree: top-level comments paginated, replies nested.

    Only approved comments appear, and a reply only under a published parent. Replies read
    oldest first whatever the order of the top level. ``count`` counts every visible comment.
    """
    rows = list(
        Comment.objects.filter(story=story, status=CommentStatus.APPROVED)
        .order_by("created_at", "id")
        .values("id", "parent_id", "author_name", "text", "language", "created_at")
    )
    by_id = {row["id"]: {**row, "replies": []} for row in rows}
    top_level: list[dict[str, Any]] = []
    for row in rows:
        node = by_id[row["id"]]
        node["created_at"] = row["created_at"].isoformat()
        if row["parent_id"] is None:
            top_level.append(node)
        elif row["parent_id"] in by_id:
            by_id[row["parent_id"]]["replies"].append(node)

    def visible(nodes: list[dict[str, Any]]) -> int:
        return sum(1 + visible(node["replies"]) for node in nodes)

    if order == "newest":
        top_level.reverse()
    pages = max(1, math.ceil(len(top_level) / page_size))
    start = (page - 1) * page_size
    return {
        "story": {
            "id": story.pk,
            "title": story.title,
            "url": story.url,
            "language": story.language,
            "comments_open": story.comments_open,
        },
        "count": visible(top_level),
        "page": page,
        "pages": pages,
        "results": top_level[start : start + page_size],
    }


def thread_version(*, story: Story) -> str:
    """Changes whenever the published thread may have: ``Story.thread_version`` grows in the
    transaction of every decision that publishes or unpublishes a comment and on every story
    edit; the story's own fields are hashed in as well."""
    story_state = f"{story.title}|{story.url}|{story.language}|{story.comments_open}"
    digest = hashlib.sha256(story_state.encode("utf-8")).hexdigest()[:16]
    return f"{story.thread_version}-{digest}"


def thread_page_rendered(
    *, story: Story, order: str, page: int, page_size: int
) -> tuple[bytes, str]:
    """The JSON body of one page of a thread and its ETag, cached until the thread changes.

    The version comes from the database, so every server process agrees on it even with a
    per-process cache.
    """
    version = thread_version(story=story)
    key = f"majlis:thread:{story.pk}:{version}:{order}:{page}:{page_size}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    thread = thread_get(story=story, order=order, page=page, page_size=page_size)
    body = json.dumps(thread, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")
    rendered = (body, f'"{hashlib.sha256(body).hexdigest()[:32]}"')
    cache.set(key, rendered, THREAD_CACHE_SECONDS)
    return rendered
