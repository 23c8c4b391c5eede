"""Pars-OFF Persian tweets (OLID scheme). No license stated (research): evaluation only."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "fa-pars-off"


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)  # header
        return list(reader)


def load(data_dir: str) -> Iterator[Example]:
    root = Path(data_dir) / NAME / "Pars-OFF"
    test_texts = {row[0] for row in _read(root / "Pars-OFF_levela_test.csv") if row}
    for number, row in enumerate(_read(root / "Pars-OFF_all.csv"), start=1):
        if len(row) != 4 or row[1] not in ("OFF", "NOT") or not row[0].strip():
            continue
        tweet, level_a, level_b, level_c = row
        labels: dict[str, int] = {}
        if level_a == "NOT":
            labels = {"profanity": 0, "personal_attack": 0}
        elif level_b == "UNT":
            labels = {"profanity": 1}
        elif level_c == "IND":
            labels = {"personal_attack": 1}
        yield Example(
            text=tweet.strip(),
            lang="fa",
            split="test" if tweet in test_texts else "train",
            labels=labels,
            should_reject=int(level_a == "OFF"),
            source_id=str(number),
        )


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.RESEARCH,
    languages=("fa",),
    categories=("profanity", "personal_attack"),
    domain="tweets",
    load=load,
    notes=(
        "should_reject = OFF. profanity = OFF-UNT (untargeted swearing) vs NOT; personal_attack = "
        "OFF-TIN-IND vs NOT; other offensive rows are unknown for both. Keyword-sampled."
    ),
)
