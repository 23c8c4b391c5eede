"""Loader for the permissive set of this name (label mapping: its shared/data SOURCE.md)."""

from __future__ import annotations

from collections.abc import Iterator

from classifier.datasets._common import read_uniform
from classifier.datasets.base import DatasetSpec, Example, LicenseClass


def load(data_dir: str) -> Iterator[Example]:
    yield from read_uniform(data_dir, "civil_comments_toxic_spans")


SPEC = DatasetSpec(
    name="civil_comments_toxic_spans",
    license_class=LicenseClass.PERMISSIVE,
    languages=("en",),
    categories=(
        "profanity",
        "vulgarity",
        "threat",
        "personal_attack",
        "abuse",
    ),
    domain="news comments (Civil Comments)",
    load=load,
    notes=(
        "Posts pre-selected as toxic; the 0s are span raters disagreeing. "
        "Profanity and vulgarity are one label upstream."
    ),
)
