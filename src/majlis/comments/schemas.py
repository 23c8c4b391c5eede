from __future__ import annotations

from typing import Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import ConfigDict

# The bounds the story service enforces, stated once.
from majlis.stories.services import DESCRIPTION_MAX_LENGTH, URL_MAX_LENGTH

MAX_ID = 2**63 - 1  # largest id the databases store; bigger numbers are refused, not overflowed

# The OpenAPI document states the rules the services enforce (majlis.comments.validation,
# majlis.stories.services.canonical_url), so a request valid by the schema is accepted.
# Control characters other than tab and line breaks, and the C1 block, are refused everywhere.
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# Some visible character (whitespace around it is trimmed), no control characters.
TEXT_PATTERN = rf"^[ \t\n\r]*[^\s{_CONTROL}][^{_CONTROL}]*$"
OPTIONAL_TEXT_PATTERN = rf"^[^{_CONTROL}]*$"
# Header values: visible ASCII, inner spaces allowed (HTTP clients refuse to send the rest).
HEADER_VALUE_PATTERN = r"^[!-~]([ -~]*[!-~])?$"
SITE_PATTERN = r"^[-a-zA-Z0-9_]+$"
URL_PATTERN = (
    r"^[hH][tT][tT][pP][sS]?://[^\s\x00-\x20\x7f-\x9f/?#@:\[\]\\]+(:[0-9]{1,4})?"
    r"([/?#][^\s\x00-\x20\x7f-\x9f]*)?$"
)
# What Django's EmailValidator accepts, in the common dot-atom form.
_ATOM = r"[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+"
EMAIL_PATTERN = (
    rf"^{_ATOM}(\.{_ATOM})*@([A-Za-z0-9]([A-Za-z0-9-]{{0,61}}[A-Za-z0-9])?\.)+"
    r"[A-Za-z][A-Za-z-]{0,61}[A-Za-z]$"  # Django wants a top-level domain of letters
)


class StrictIn(Schema):
    """Input checked against the patterns with Python's ``re``, the engine the OpenAPI tools
    (schemathesis, hypothesis) generate and check them with; the services strip the trailing
    line break ``$`` lets through."""

    model_config = ConfigDict(regex_engine="python-re")


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


class ThreadQuery(StrictIn):
    site: str = Field(max_length=50, pattern=SITE_PATTERN, description="Slug of the site.")
    url: str = Field(
        max_length=URL_MAX_LENGTH, pattern=URL_PATTERN, description="The article's http(s) URL."
    )
    order: Literal["newest", "oldest"] = "newest"
    page: int = Field(1, ge=1, le=100_000)


class ThreadCreateIn(StrictIn):
    site: str = Field(
        max_length=50, pattern=SITE_PATTERN, description="Slug of the site, e.g. `demo`."
    )
    url: str = Field(
        max_length=URL_MAX_LENGTH,
        pattern=URL_PATTERN,
        description="Canonical http(s) URL of the article.",
    )
    title: str = Field(max_length=300, pattern=TEXT_PATTERN, description="Article title.")
    language: str | None = Field(
        None, max_length=8, pattern=TEXT_PATTERN, description="Defaults to the site's."
    )
    description: str = Field(
        "",
        max_length=DESCRIPTION_MAX_LENGTH,
        pattern=OPTIONAL_TEXT_PATTERN,
        description=(
            "The article's summary (its page's description). Kept as the story's text when the "
            "story is created: comments are judged relevant against the title and this."
        ),
    )


class CommentIn(StrictIn):
    story_id: int = Field(ge=1, le=MAX_ID)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    author_name: str = Field(
        max_length=80, pattern=TEXT_PATTERN, description="Shown with the comment."
    )
    author_email: str = Field(
        max_length=254,
        pattern=EMAIL_PATTERN,
        description="Never shown; used to tell the author the decision.",
    )
    text: str = Field(
        max_length=settings.MAJLIS_COMMENT_MAX_LENGTH,
        pattern=TEXT_PATTERN,
        description="The comment, 1 to MAJLIS_COMMENT_MAX_LENGTH (default 3000) characters.",
    )
    website: str = Field(
        "",
        max_length=200,
        pattern=r"^\s*$",
        description="Honeypot: leave empty. Comments filling it are refused.",
    )


class CommentAccepted(Schema):
    id: int
    status: Literal["pending"]


class ReportIn(StrictIn):
    reason: str | None = Field(
        None,
        max_length=500,
        pattern=OPTIONAL_TEXT_PATTERN,
        description="Why the reader reports it.",
    )


class ReportAccepted(Schema):
    id: int
    status: str
