"""OffensEval 2020 Turkish (tweets, CC-BY): binary OFF / NOT.

The official training file is split 90/10 train/dev by id hash; the official test file (with its
gold labels) is the test split. OFF carries no category: it is ``should_reject`` only, and NOT
is negative for every toxicity category.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from classifier.datasets._common import TOXICITY_CATEGORIES, split_for
from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "tr-offenseval2020"


def _example(row_id: str, text: str, label: str, split: str) -> Example:
    offensive = label == "OFF"
    return Example(
        text=text,
        lang="tr",
        split=split,
        labels={} if offensive else dict.fromkeys(TOXICITY_CATEGORIES, 0),
        should_reject=int(offensive),
        source_id=row_id,
    )


def _tsv(path: Path) -> Iterator[list[str]]:
    # No quoting in these files: split each line on tabs.
    with path.open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                yield parts


def load(data_dir: str) -> Iterator[Example]:
    directory = Path(data_dir) / NAME
    for parts in _tsv(directory / "offenseval-tr-training-v1.tsv"):
        if len(parts) < 3:
            continue
        split = "dev" if split_for(NAME, parts[0]) == "dev" else "train"
        yield _example(parts[0], parts[1], parts[2].strip(), split)
    with (directory / "offenseval-tr-labela-v1.csv").open(encoding="utf-8", newline="") as handle:
        gold = {row[0]: row[1].strip() for row in csv.reader(handle) if len(row) >= 2}
    for parts in _tsv(directory / "offenseval-tr-testset-v1.tsv"):
        if parts[0] in gold:
            yield _example(parts[0], parts[1], gold[parts[0]], "test")


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.PERMISSIVE,
    languages=("tr",),
    categories=(),
    domain="tweets",
    load=load,
    notes="Binary OFF/NOT only (should_reject); official test split kept as test.",
)
