"""Text the project writes itself (``classifier/corpus/*.jsonl``): ours to train on and ship.

Each line: ``{"id", "text", "lang", "labels": {category: 0/1}, "abuse_target"?, "kind"}``.
Articles (``articles.jsonl``) are not examples; they pair with comments for relevance training.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from classifier.datasets._common import split_for
from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "majlis_corpus"
CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"


def corpus_rows() -> Iterator[dict[str, object]]:
    for path in sorted(CORPUS_DIR.glob("*.jsonl")):
        if path.name == "articles.jsonl":
            continue
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    row = json.loads(line)
                    # unlabelled corpus files (e.g. crosslingual_comments.jsonl, relevance
                    # only) are not classifier examples
                    if isinstance(row, dict) and "labels" in row:
                        yield row


def load(data_dir: str) -> Iterator[Example]:
    for row in corpus_rows():
        labels = {str(k): int(v) for k, v in dict(row["labels"]).items()}  # type: ignore[call-overload]
        row_id = str(row["id"])
        yield Example(
            text=str(row["text"]),
            lang=str(row.get("lang", "en")),
            split=split_for(NAME, row_id),
            labels=labels,
            should_reject=int(any(v for k, v in labels.items() if k != "off_topic")),
            abuse_target=str(row["abuse_target"]) if row.get("abuse_target") else None,
            source_id=row_id,
        )


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.PERMISSIVE,
    # English by hand and by generate.py; the other five in multilingual_*.jsonl (written for
    # the project, comment by comment; see experiments.json)
    languages=("en", "ckb", "kmr", "ar", "fa", "tr"),
    categories=("profanity", "vulgarity", "threat", "personal_attack", "abuse", "promotion"),
    domain="news comments written by the project",
    load=load,
    notes="Written by the Majlis project (by hand and by classifier/corpus/generate.py).",
)
