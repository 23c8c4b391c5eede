"""SFU Constructiveness and Toxicity Corpus (news comments). Non-commercial: evaluation only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from classifier.datasets._jsonl_uniform import read_rows
from classifier.datasets.base import DatasetSpec, Example, LicenseClass


def load(data_dir: str) -> Iterator[Example]:
    for row in read_rows(Path(data_dir) / "sfu_ctc" / "sfu_ctc.jsonl"):
        text = str(row.get("text") or "")
        toxic = row.get("toxic")
        if not text.strip() or toxic is None:
            continue
        orig = row.get("orig") or {}
        title = orig.get("article_title") if isinstance(orig, dict) else None
        yield Example(
            text=text,
            lang="en",
            split="test",
            labels={},
            should_reject=int(toxic),
            source_id=str(row.get("id", "")),
            # Title only (no body); kept for relevance experiments. The evaluation does not pass
            # it to the model because the set does not label off_topic.
            article_title=str(title) if title else None,
        )


SPEC = DatasetSpec(
    name="sfu_ctc",
    license_class=LicenseClass.NON_COMMERCIAL,
    languages=("en",),
    categories=(),
    domain="news comments",
    load=load,
    notes=(
        "should_reject = toxicity answer >= 3 (toxic / very toxic; 42 of 1,121). No per-category "
        "labels; mildly toxic (2) counts as acceptable. Article titles are loaded but not scored."
    ),
)
