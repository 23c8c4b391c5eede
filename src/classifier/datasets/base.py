"""Types shared by the data-set loaders."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


class LicenseClass(enum.StrEnum):
    """License classes of ``shared/data/CATALOG.md``; only PERMISSIVE may train shipped models."""

    PERMISSIVE = "permissive"
    RESEARCH = "research"
    NON_COMMERCIAL = "non_commercial"
    HELD_FOR_EVALUATION = "held_for_evaluation"

    @property
    def may_train(self) -> bool:
        return self is LicenseClass.PERMISSIVE


@dataclass(frozen=True)
class Example:
    """One labelled text mapped onto the guideline categories.

    ``labels`` holds 0/1 only for the categories this set actually labels; a category that is
    absent is unknown, not negative. ``should_reject`` is the set's overall "violates the
    guidelines" label where it has one.
    """

    text: str
    lang: str
    split: str  # "train" | "dev" | "test"
    labels: dict[str, int] = field(default_factory=dict)
    should_reject: int | None = None
    abuse_target: str | None = None
    source_id: str = ""
    article_title: str | None = None
    article_body: str | None = None


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    license_class: LicenseClass
    languages: tuple[str, ...]
    categories: tuple[str, ...]  # categories the set labels (after mapping)
    domain: str  # e.g. "news comments", "tweets", "youtube comments", "lexicon"
    load: Callable[[str], Iterator[Example]]  # argument: the shared data directory
    notes: str = ""
