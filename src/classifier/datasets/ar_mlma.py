"""MLMA hate speech (Arabic and English tweets, MIT).

Mapping (shared/data/ar-mlma/SOURCE.md): ``hateful`` -> abuse with the annotated target;
offensive / abusive / disrespectful aimed at an individual -> personal_attack; a row whose only
sentiment is ``normal`` is clean. Other hostile rows are "should reject" with no category.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from classifier.datasets._common import TOXICITY_CATEGORIES, split_for
from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "ar-mlma"
TARGETS = {
    "origin": "origin_nationality",
    "gender": "gender",
    "sexual_orientation": "sexual_orientation",
    "religion": "religion",
    "disability": "disability",
}
INSULTING = {"offensive", "abusive", "disrespectful"}


def _rows(path: Path, lang: str) -> Iterator[Example]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            sentiments = set(row["sentiment"].split("_"))
            labels: dict[str, int] = {}
            target: str | None = None
            if sentiments == {"normal"}:
                labels = dict.fromkeys(TOXICITY_CATEGORIES, 0)
                should_reject = 0
            else:
                should_reject = 1
                if "hateful" in sentiments:
                    labels["abuse"] = 1
                    target = TARGETS.get(row["target"])
                if row["group"] == "individual" and sentiments & INSULTING:
                    labels["personal_attack"] = 1
            source_id = f"{lang}:{row['HITId']}"
            yield Example(
                text=row["tweet"],
                lang=lang,
                split=split_for(NAME, source_id),
                labels=labels,
                should_reject=should_reject,
                abuse_target=target,
                source_id=source_id,
            )


def load(data_dir: str) -> Iterator[Example]:
    directory = Path(data_dir) / NAME
    yield from _rows(directory / "ar_dataset.csv", "ar")
    yield from _rows(directory / "en_dataset.csv", "en")


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.PERMISSIVE,
    languages=("ar", "en"),
    categories=("personal_attack", "abuse"),
    domain="tweets",
    load=load,
    notes="Keyword-sampled: 'normal' rows still mention sensitive groups (hard negatives).",
)
