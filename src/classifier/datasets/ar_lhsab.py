"""L-HSAB Levantine political tweets. No license stated (research): evaluation only."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "ar-lhsab"


def load(data_dir: str) -> Iterator[Example]:
    # Some tweets are quoted and contain raw newlines: csv with default quoting reads them whole.
    with (Path(data_dir) / NAME / "L-HSAB.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader, None)  # header: Tweet, Class
        for number, row in enumerate(reader, start=1):
            if len(row) != 2 or row[1] not in ("normal", "abusive", "hate") or not row[0].strip():
                continue
            tweet, label = row
            labels: dict[str, int] = {}
            # "hate" is identity-based abuse; plain "abusive" may still target a group: unknown.
            if label != "abusive":
                labels["abuse"] = int(label == "hate")
            yield Example(
                text=tweet.strip(),
                lang="ar",
                split="test",
                labels=labels,
                should_reject=int(label != "normal"),
                source_id=str(number),
            )


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.RESEARCH,
    languages=("ar",),
    categories=("abuse",),
    domain="tweets",
    load=load,
    notes=(
        "should_reject = abusive or hate; abuse = hate vs normal (mostly sectarian and refugee "
        "targets). Keyword/timeline-sampled political tweets, not a natural mix."
    ),
)
