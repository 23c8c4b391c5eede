"""Loader for the permissive set of this name (label mapping: its shared/data SOURCE.md)."""

from __future__ import annotations

from collections.abc import Iterator

from classifier.datasets._common import read_uniform
from classifier.datasets.base import DatasetSpec, Example, LicenseClass


def load(data_dir: str) -> Iterator[Example]:
    yield from read_uniform(data_dir, "implicit_hate")


SPEC = DatasetSpec(
    name="implicit_hate",
    license_class=LicenseClass.PERMISSIVE,
    languages=("en",),
    categories=(
        "threat",
        "abuse",
    ),
    domain="tweets",
    load=load,
    notes="Implicit hate; 'political' targets are not protected groups.",
)
