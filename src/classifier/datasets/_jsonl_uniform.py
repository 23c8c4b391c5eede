"""Reader for the uniform ``<name>.jsonl`` files of ``shared/data`` (see any SOURCE.md there).

Uniform rows carry label fields that are 1, 0 or null; null means "not annotated" and must never
become 0, so a null field is simply left out of ``Example.labels``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from classifier.datasets.base import Example
from classifier.labels import ABUSE_TARGETS

# Uniform label field -> guideline category.
UNIFORM_FIELD_TO_CATEGORY: Mapping[str, str] = {
    "profanity": "profanity",
    "vulgarity": "vulgarity",
    "threat": "threat",
    "personal_attack": "personal_attack",
    "identity_abuse": "abuse",
    "promotion": "promotion",
    "off_topic": "off_topic",
}

# Coarse uniform targets -> ABUSE_TARGETS. Transphobia is grouped with homophobia because the
# guidelines name homophobia and the product has one LGBT target; political, age, class and
# "other" targets are not protected groups in the guidelines, so they map to nothing.
UNIFORM_TARGET_TO_ABUSE_TARGET: Mapping[str, str] = {
    "gender": "gender",
    "gender_identity": "sexual_orientation",
    "sexual_orientation": "sexual_orientation",
    "race_ethnicity": "race_ethnicity",
    "national_origin": "origin_nationality",
    "religion": "religion",
    "disability": "disability",
}

_SPLITS = {"train": "train", "val": "dev", "dev": "dev", "test": "test"}

ShouldReject = Callable[[Mapping[str, Any]], int | None]


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row: dict[str, Any] = json.loads(line)
                yield row


def abuse_target_of(row: Mapping[str, Any]) -> str | None:
    for target in row.get("targets") or []:
        mapped = UNIFORM_TARGET_TO_ABUSE_TARGET.get(target)
        if mapped in ABUSE_TARGETS:
            return mapped
    return None


def any_positive(*fields: str) -> ShouldReject:
    """should_reject = 1 if any field is 1, 0 if all are 0, unknown otherwise."""

    def should_reject(row: Mapping[str, Any]) -> int | None:
        values = [row.get(field) for field in fields]
        if any(value == 1 for value in values):
            return 1
        if all(value == 0 for value in values):
            return 0
        return None

    return should_reject


def load_uniform(
    data_dir: str,
    name: str,
    *,
    lang: str,
    fields: tuple[str, ...],
    should_reject: ShouldReject,
    default_split: str = "test",
) -> Iterator[Example]:
    """Yield the rows of ``<data_dir>/<name>/<name>.jsonl`` with the given label fields mapped.

    ``fields`` lists the uniform label fields this set is scored on; a field's null stays unknown.
    Rows without a uniform split belong wholly to evaluation, hence ``default_split``.
    """
    for row in read_rows(Path(data_dir) / name / f"{name}.jsonl"):
        text = str(row.get("text") or "")
        if not text.strip():
            continue
        labels = {
            UNIFORM_FIELD_TO_CATEGORY[field]: int(row[field])
            for field in fields
            if row.get(field) is not None
        }
        yield Example(
            text=text,
            lang=lang,
            split=_SPLITS.get(str(row.get("split")), default_split),
            labels=labels,
            should_reject=should_reject(row),
            abuse_target=abuse_target_of(row) if labels.get("abuse") == 1 else None,
            source_id=str(row.get("id", "")),
        )
