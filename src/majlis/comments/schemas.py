from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

MAX_ID = 2**63 - 1  # largest id the databases store; bigger numbers are refused, not overflowed


class ErrorItem(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem]


class StoryOut(Schema):
    id: int
    title: str
    url: str
    language: str
    comments_open: bool


class CommentOut(Schema):
    id: int
    parent_id: int | None
    author_name: str
    text: str
    language: str
    created_at: str
    replies: list[CommentOut]


class ThreadOut(Schema):
    story: StoryOut
    count: int = Field(description="Published comments in the thread, replies included.")
    page: int
    pages: int = Field(description="Pages of top-level comments.")
    results: list[CommentOut]


class ThreadCreateIn(Schema):
    site: str = Field(max_length=50, description="Slug of the site, e.g. `demo`.")
    url: str = Field(description="Canonical http(s) URL of the article (at most 500 characters).")
    title: str = Field(description="Article title (at most 300 characters).")
    language: str | None = Field(None, max_length=8, description="Defaults to the site's.")


class CommentIn(Schema):
    story_id: int = Field(ge=1, le=MAX_ID)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    author_name: str = Field(description="Shown with the comment; at most 80 characters.")
    author_email: str = Field(description="Never shown; used to tell the author the decision.")
    text: str = Field(
        description="The comment, 1 to MAJLIS_COMMENT_MAX_LENGTH (default 3000) characters."
    )
    website: str = Field("", description="Honeypot: leave empty. Comments filling it are refused.")


class CommentAccepted(Schema):
    id: int
    status: Literal["pending"]


class ReportIn(Schema):
    reason: str | None = Field(
        None, description="Why the reader reports it; at most 500 characters."
    )


class ReportAccepted(Schema):
    id: int
    status: str
