"""Public JSON API used by the embed: read threads, create stories, post and report comments."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Header, NinjaAPI, Path, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser

from majlis.comments.errors import CommentError, InvalidComment, NotFound, RateLimited
from majlis.comments.ip import client_ip, ip_hash
from majlis.comments.models import Comment, CommentStatus
from majlis.comments.ratelimit import rate_limit_hit
from majlis.comments.schemas import (
    HEADER_VALUE_PATTERN,
    MAX_ID,
    CommentAccepted,
    CommentIn,
    ErrorOut,
    ReportAccepted,
    ReportIn,
    StoryOut,
    ThreadCreateIn,
    ThreadOut,
    ThreadQuery,
)
from majlis.comments.selectors import (
    comment_for_idempotency_key,
    comment_get,
    thread_page_rendered,
)
from majlis.comments.services import IDEMPOTENCY_KEY_MAX_LENGTH, comment_create
from majlis.comments.validation import (
    clean_author_email,
    clean_comment_text,
    clean_text_value,
)
from majlis.moderation.constants import HoldReason
from majlis.moderation.errors import IllegalTransition
from majlis.moderation.services import comment_report
from majlis.stories.models import Site, Story
from majlis.stories.selectors import story_get
from majlis.stories.services import canonical_url, story_get_or_create

logger = logging.getLogger(__name__)


class JsonBodyParser(Parser):
    """JSON bodies; an empty body counts as ``{}`` so optional-only bodies may be left out."""

    def parse_body(self, request: HttpRequest) -> Any:
        if not request.body.strip():
            return {}
        return json.loads(request.body)


api = NinjaAPI(
    parser=JsonBodyParser(),
    title="Majlis public API",
    version="1",
    description=(
        "Comments for news articles, each moderated before it appears. Every error is a 4xx "
        'JSON object `{"detail": "...", "errors": [{"field": ..., "message": ...}]}`.'
    ),
    docs_url="/docs",
    urls_namespace="api",
)
router = Router(tags=["threads and comments"])

ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def error_response(
    status: int, detail: str, errors: list[dict[str, Any]] | None = None
) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": errors or []}, status=status)


# --- error handlers: every failure is JSON with `detail` and `errors` ---------------------------

_LOCATION_PREFIXES = {"body", "query", "path", "header", "payload", "params", "form", "cookie"}


def _field_of(location: list[Any] | tuple[Any, ...]) -> str | None:
    parts = [str(part) for part in location]
    while parts and parts[0] in _LOCATION_PREFIXES:
        parts.pop(0)
    return ".".join(parts) or None


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors = []
    for item in error.errors:
        message = str(item.get("msg", "is invalid"))
        if item.get("type") == "json_invalid" or ("JSON" in message and "parse" in message.lower()):
            return error_response(400, "The request body is not valid JSON.")
        errors.append({"field": _field_of(item.get("loc", ())), "message": message})
    return error_response(422, "The request has invalid fields.", errors)


@api.exception_handler(CommentError)
def on_comment_error(request: HttpRequest, error: CommentError) -> HttpResponse:
    return comment_error_response(error)


def comment_error_response(error: CommentError) -> JsonResponse:
    """The 4xx answer to a refused request (also written by ``majlis.comments.fastwrite``)."""
    field = error.field
    detail = f"{field}: {error.message}" if field else error.message
    response = error_response(
        error.status_code, detail, [{"field": field, "message": error.message}] if field else []
    )
    if isinstance(error, RateLimited):
        response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return error_response(error.status_code, str(error.message))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return error_response(404, str(error) or "Not found.")


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return error_response(401, "Authentication required.")


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, error: Exception) -> HttpResponse:
    # A safety net, not a fix: anything landing here is a bug to correct, so log it loudly.
    logger.exception("unexpected error in %s %s", request.method, request.path)
    return error_response(500, "Internal error; it has been logged.")


# --- endpoints -----------------------------------------------------------------------------------


def _site(slug: str) -> Site:
    site = Site.objects.filter(slug=clean_text_value(slug, field="site", max_length=50)).first()
    if site is None:
        raise NotFound("no such site", field="site")
    return site


def _etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return etag in candidates or "*" in candidates


@router.get(
    "/threads",
    response={200: ThreadOut, 304: None, **ERRORS},
    summary="Published comments of a story",
    description=(
        "Approved comments only, as a tree; pages of "
        "`MAJLIS_THREAD_PAGE_SIZE` (20) top-level comments. Send `If-None-Match` with the last "
        "`ETag` to get 304 when nothing changed."
    ),
)
def thread_list(request: HttpRequest, query: Query[ThreadQuery]) -> HttpResponse:
    site = _site(query.site)
    if not 1 <= query.page <= 100_000:
        raise InvalidComment("must be between 1 and 100000", field="page")
    story = Story.objects.filter(site=site, url=canonical_url(query.url)).first()
    if story is None:
        raise NotFound("no such story", field="url")
    body, etag = thread_page_rendered(
        story=story,
        order=query.order,
        page=query.page,
        page_size=settings.MAJLIS_THREAD_PAGE_SIZE,
    )
    if _etag_matches(request, etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    # Shared caches may keep it but must revalidate: a moderator's decision shows at once.
    response["Cache-Control"] = "public, no-cache"
    return response


@router.post(
    "/threads",
    response={200: StoryOut, 201: StoryOut, **ERRORS},
    summary="Get or create the story of an article (the embed calls this on first load)",
)
def thread_create(request: HttpRequest, payload: ThreadCreateIn) -> Status[Story]:
    site = _site(payload.site)
    rate_limit_hit(scope="thread_create_ip", identity=ip_hash(client_ip(request)))
    story, created = story_get_or_create(
        site=site,
        url=payload.url,
        title=payload.title,
        language=payload.language,
        description=payload.description,
    )
    return Status(201 if created else 200, story)


@router.post(
    "/comments",
    response={202: CommentAccepted, **ERRORS},
    summary="Post a comment; it is published only once approved",
    description=(
        "Answers 202 with status `pending` whatever moderation decides, so the filter cannot be "
        "probed. Resending with the same `Idempotency-Key` (and e-mail) returns the same comment. "
        "Rate limited per IP and per e-mail (429 with `Retry-After`)."
    ),
)
def comment_post(
    request: HttpRequest,
    payload: CommentIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        max_length=IDEMPOTENCY_KEY_MAX_LENGTH,
        pattern=HEADER_VALUE_PATTERN,
        description="Any string you choose per comment; a retry with it stores nothing twice.",
    ),
) -> Status[dict[str, Any]]:
    comment_id = comment_post_accept(
        payload=payload, idempotency_key=idempotency_key, ip_address=client_ip(request)
    )
    return Status(202, {"id": comment_id, "status": CommentStatus.PENDING.value})


def comment_post_accept(*, payload: CommentIn, idempotency_key: str | None, ip_address: str) -> int:
    """What ``POST /comments`` does once its input is valid: the comment's id (a retry with the
    same Idempotency-Key gets the first one's). Raises CommentError for a refusal.

    Shared by the API view and the fast path in front of Django (``majlis.comments.fastwrite``),
    so both take every decision the same way.
    """
    if payload.website.strip():
        raise InvalidComment("must be left empty", field="website")
    if idempotency_key is not None:
        # A retry of an accepted post answers as before, without counting against rate limits.
        previous = comment_for_idempotency_key(
            author_email=clean_author_email(payload.author_email),
            idempotency_key=clean_text_value(
                idempotency_key, field="Idempotency-Key", max_length=IDEMPOTENCY_KEY_MAX_LENGTH
            ),
        )
        if previous is not None and previous.text == clean_comment_text(payload.text):
            return previous.pk
    ip_digest = ip_hash(ip_address)
    rate_limit_hit(scope="comment_ip", identity=ip_digest)
    rate_limit_hit(
        scope="comment_email", identity=payload.author_email.strip(), field="author_email"
    )
    story = story_get(story_id=payload.story_id)
    if story is None:
        raise NotFound("no such story", field="story_id")
    parent = None
    if payload.parent_id is not None:
        parent = comment_get(comment_id=payload.parent_id)
        if parent is None or parent.status != CommentStatus.APPROVED:
            # Unpublished comments are not public: answered as if they did not exist.
            raise NotFound("no such published comment", field="parent_id")
    comment = comment_create(
        story=story,
        author_name=payload.author_name,
        author_email=payload.author_email,
        text=payload.text,
        parent=parent,
        ip_address=ip_address,
        idempotency_key=idempotency_key,
    )
    return comment.pk


@router.post(
    "/comments/{comment_id}/report",
    response={202: ReportAccepted, **ERRORS},
    summary="Report a published comment: it leaves the page and returns to the moderators",
)
def comment_report_post(
    request: HttpRequest,
    comment_id: int = Path(..., ge=1, le=MAX_ID),
    payload: ReportIn | None = None,
) -> Status[dict[str, Any]]:
    rate_limit_hit(scope="report_ip", identity=ip_hash(client_ip(request)))
    note = ""
    if payload is not None and payload.reason:
        note = clean_text_value(payload.reason, field="reason", max_length=500, required=False)
    comment = Comment.objects.filter(pk=comment_id).first()
    if comment is None:
        raise NotFound("no such published comment", field="comment_id")
    already_reported = (
        comment.status == CommentStatus.PENDING and HoldReason.REPORTED.value in comment.reasons
    )
    if not already_reported:
        try:
            comment_report(comment=comment, note=note)
        except IllegalTransition:
            # Pending or rejected comments are not public: answer as if they did not exist.
            raise NotFound("no such published comment", field="comment_id") from None
    return Status(202, {"id": comment.pk, "status": CommentStatus.PENDING.value})


api.add_router("/v1/", router)
