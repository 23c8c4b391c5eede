"""Loader for the permissive set of this name (label mapping: its shared/data SOURCE.md)."""

from __future__ import annotations

from collections.abc import Iterator

from classifier.datasets._common import read_uniform
from classifier.datasets.base import DatasetSpec, Example, LicenseClass


def load(data_dir: str) -> Iterator[Example]:
    yield from read_uniform(data_dir, "davidson_hate_offensive")


SPEC = DatasetSpec(
    name="davidson_hate_offensive",
    license_class=LicenseClass.PERMISSIVE,
    languages=("en",),
    categories=("abuse",),
    domain="tweets",
    load=load,
    notes="'offensive' is not typed: only abuse (hate) is labelled; toxic=0 rows are clean.",
)
