"""Mubarak et al. 2017 deleted Al Jazeera reader comments. No license stated: evaluation only."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "ar-aljazeera-comments"

CLEAN, OFFENSIVE, OBSCENE = "0", "-1", "-2"


def load(data_dir: str) -> Iterator[Example]:
    root = Path(data_dir) / NAME
    for split in ("train", "dev", "test"):
        with (root / f"AJ-{split}.tsv").open(encoding="utf-8") as handle:
            reader = csv.reader(handle, delimiter="\t")
            next(reader, None)  # header: <index>, text, level
            for row in reader:
                if len(row) != 3 or row[2] not in (CLEAN, OFFENSIVE, OBSCENE) or not row[1].strip():
                    continue
                index, text, level = row
                labels: dict[str, int] = {}
                # Obscene vs clean is vulgarity; "offensive" may or may not be vulgar: unknown.
                if level != OFFENSIVE:
                    labels["vulgarity"] = int(level == OBSCENE)
                yield Example(
                    text=text.strip(),
                    lang="ar",
                    split=split,
                    labels=labels,
                    should_reject=int(level != CLEAN),
                    source_id=f"{split}-{index}",
                )


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.RESEARCH,
    languages=("ar",),
    categories=("vulgarity",),
    domain="news comments",
    load=load,
    notes=(
        "Al Jazeera reader comments, all deleted by the site's moderators; crowd labels clean / "
        "offensive / obscene. should_reject = offensive or obscene (80% of rows); vulgarity = "
        "obscene vs clean. 'Clean' is judged on language only (those comments were deleted for "
        "other reasons). The 1,100 tweets of the same release are not loaded (other domain)."
    ),
)
