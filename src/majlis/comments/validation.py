"""Input rules shared by the API and the services, so every writer enforces the same limits."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from majlis.comments.errors import InvalidComment

NAME_MAX_LENGTH = 80
EMAIL_MAX_LENGTH = 254


# Unpaired surrogates (no database stores them), and Unicode's control characters (category
# Cc: C0, DEL and C1) other than tab and line breaks. Regexes: a post's hot path checks each
# of its fields, character by character.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text_value(value: str, *, field: str, max_length: int, required: bool = True) -> str:
    """Trim; refuse NUL, control characters and unpaired surrogates (no database stores those)."""
    if _SURROGATE.search(value):
        raise InvalidComment("contains invalid characters", field=field)
    if _CONTROL.search(value):
        raise InvalidComment("contains control characters", field=field)
    value = value.strip()
    if required and not value:
        raise InvalidComment("must not be empty", field=field)
    if len(value) > max_length:
        raise InvalidComment(f"must be at most {max_length} characters", field=field)
    return value


def clean_comment_text(value: str) -> str:
    return clean_text_value(value, field="text", max_length=settings.MAJLIS_COMMENT_MAX_LENGTH)


def clean_author_name(value: str) -> str:
    return clean_text_value(value, field="author_name", max_length=NAME_MAX_LENGTH)


def clean_author_email(value: str) -> str:
    value = clean_text_value(value, field="author_email", max_length=EMAIL_MAX_LENGTH)
    try:
        validate_email(value)
    except ValidationError:
        raise InvalidComment("is not a valid e-mail address", field="author_email") from None
    return value
