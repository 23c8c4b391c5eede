"""The guideline categories: the label set shared by the model, the database, the API and the UI."""

from __future__ import annotations

from typing import Final

CATEGORIES: Final[tuple[str, ...]] = (
    "off_topic",
    "profanity",
    "vulgarity",
    "threat",
    "personal_attack",
    "abuse",
    "promotion",
)

ABUSE_TARGETS: Final[tuple[str, ...]] = (
    "gender",
    "race_ethnicity",
    "sexual_orientation",
    "origin_nationality",
    "religion",
    "disability",
)

LANGUAGES: Final[tuple[str, ...]] = ("en", "ckb", "kmr", "ar", "fa", "tr")
"""Languages the newsroom publishes in; language ID may also answer "other"."""
