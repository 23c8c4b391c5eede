"""Helpers shared by the loaders: the uniform ``<name>.jsonl`` reader and the held-out split.

The split is a pure function of the set name and the row id, so training never sees a test row
and every engineer (and every run) gets the same split without a stored list.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from classifier.datasets.base import Example

TEST_PERCENT = 20
DEV_PERCENT = 10

# Coarse targets of the uniform files -> the product's abuse targets. Transphobia is grouped with
# homophobia (the guideline names "homophobia"); age/political/other are not protected targets.
TARGET_MAP: dict[str, str] = {
    "gender": "gender",
    "gender_identity": "sexual_orientation",
    "sexual_orientation": "sexual_orientation",
    "race_ethnicity": "race_ethnicity",
    "national_origin": "origin_nationality",
    "origin": "origin_nationality",
    "religion": "religion",
    "disability": "disability",
}

# Uniform label field -> guideline category ("identity_abuse" is the guideline's "abuse").
FIELD_TO_CATEGORY: dict[str, str] = {
    "profanity": "profanity",
    "vulgarity": "vulgarity",
    "threat": "threat",
    "personal_attack": "personal_attack",
    "identity_abuse": "abuse",
    "promotion": "promotion",
    "off_topic": "off_topic",
}

TOXICITY_CATEGORIES = ("profanity", "vulgarity", "threat", "personal_attack", "abuse")


def split_for(set_name: str, row_id: str) -> str:
    """Deterministic 70/10/20 train/dev/test split by hash of the row id."""
    digest = hashlib.sha1(f"{set_name}:{row_id}".encode()).digest()  # noqa: S324 - not security
    bucket = int.from_bytes(digest[:4], "big") % 100
    if bucket < TEST_PERCENT:
        return "test"
    if bucket < TEST_PERCENT + DEV_PERCENT:
        return "dev"
    return "train"


def first_target(targets: list[str] | None) -> str | None:
    for target in targets or []:
        if target in TARGET_MAP:
            return TARGET_MAP[target]
    return None


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every non-blank line of a small JSON Lines file the project ships."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def read_uniform(
    data_dir: str, name: str, *, lang: str = "en", non_toxic_means_clean: bool = True
) -> Iterator[Example]:
    """Read ``<data_dir>/<name>/<name>.jsonl`` into examples.

    ``non_toxic_means_clean``: a row labelled ``toxic = 0`` is negative for every toxicity
    category the set leaves null (not toxic implies no profanity, threat, attack or abuse).
    """
    path = Path(data_dir) / name / f"{name}.jsonl"
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row: dict[str, Any] = json.loads(line)
            labels: dict[str, int] = {}
            for field, category in FIELD_TO_CATEGORY.items():
                value = row.get(field)
                if value is not None:
                    labels[category] = int(value)
            toxic = row.get("toxic")
            if non_toxic_means_clean and toxic == 0:
                for category in TOXICITY_CATEGORIES:
                    labels.setdefault(category, 0)
            should_reject = toxic if toxic is not None else labels.get("promotion")
            if should_reject is None and any(labels.values()):
                should_reject = 1
            target = first_target(row.get("targets")) if labels.get("abuse") else None
            row_id = str(row["id"])
            yield Example(
                text=row["text"],
                lang=lang,
                split=split_for(name, row_id),
                labels=labels,
                should_reject=None if should_reject is None else int(should_reject),
                abuse_target=target,
                source_id=row_id,
            )
