"""OSACT4 / OffensEval 2020 Arabic tweets. No license stated (research): evaluation only."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "ar-osact2020"


def _text(raw: str) -> str:
    return raw.replace("<LF>", "\n").strip()


def load(data_dir: str) -> Iterator[Example]:
    root = Path(data_dir) / NAME
    for split, filename in (("train", "train"), ("dev", "dev")):
        path = root / f"OSACT2020-sharedTask-{filename}.txt"
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                # tweet<TAB>OFF|NOT_OFF<TAB>HS|NOT_HS; split from the right, tweets may hold tabs.
                parts = line.rstrip("\n").rsplit("\t", 2)
                if len(parts) != 3 or not parts[0].strip():
                    continue
                tweet, offensive, hate = parts
                should_reject = int(offensive == "OFF")
                yield Example(
                    text=_text(tweet),
                    lang="ar",
                    split=split,
                    labels={"abuse": int(hate == "HS")},
                    should_reject=should_reject,
                    source_id=f"{split}-{number}",
                )
    gold: dict[str, str] = {}
    with (root / "offenseval-ar-test-goldlabels-subtaskA.csv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) == 2:
                gold[row[0].strip()] = row[1].strip()
    with (root / "offenseval-ar-test-v1.tsv").open(encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader, None)  # header: id, tweet
        for row in reader:
            if len(row) != 2 or row[0] not in gold or not row[1].strip():
                continue
            yield Example(
                text=_text(row[1]),
                lang="ar",
                split="test",
                labels={},  # the test set has no hate-speech labels
                should_reject=int(gold[row[0]] == "OFF"),
                source_id=row[0],
            )


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.RESEARCH,
    languages=("ar",),
    categories=("abuse",),
    domain="tweets",
    load=load,
    notes=(
        "should_reject = OFF (insults, attacks, vulgar language; not separated). abuse = HS "
        "(group-targeted; includes political and sport affiliation), train/dev only; the 2,000 "
        "test tweets have only OFF/NOT."
    ),
)
