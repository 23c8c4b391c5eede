"""Errors of the comment services; the API maps each to a 4xx JSON answer."""

from __future__ import annotations


class CommentError(Exception):
    """A request the services refuse; ``field`` names the offending input when there is one."""

    status_code = 422

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidComment(CommentError):
    status_code = 422


class NotFound(CommentError):
    status_code = 404


class StoryClosed(CommentError):
    status_code = 409


class IdempotencyConflict(CommentError):
    status_code = 409


class RateLimited(CommentError):
    status_code = 429

    def __init__(self, message: str, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after = retry_after


class ImmutableText(Exception):
    """Raised by the model layer when code tries to change a stored comment's text."""
