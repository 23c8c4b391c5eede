"""ParsOffensive Persian Instagram comments. No license stated (research): evaluation only."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "fa-parsoffensive"


def load(data_dir: str) -> Iterator[Example]:
    path = Path(data_dir) / NAME / "ParsOffensive.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)  # header: comment, label
        for number, row in enumerate(reader, start=1):
            if len(row) != 2 or row[1] not in ("Offensive", "Neutral") or not row[0].strip():
                continue
            yield Example(
                text=row[0].strip(),
                lang="fa",
                split="test",
                labels={},
                should_reject=int(row[1] == "Offensive"),
                source_id=str(number),
            )


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.RESEARCH,
    languages=("fa",),
    categories=(),
    domain="instagram comments",
    load=load,
    notes="should_reject = Offensive (insult, profanity, vulgarity, abuse; not separated).",
)
