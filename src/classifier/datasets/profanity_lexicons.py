"""English profanity lexicons (Surge AI list, MIT; LDNOOBW, CC BY 4.0) as one-word examples.

Each entry becomes a tiny labelled "text" so the model learns the words and their obfuscations;
mild Surge entries (severity < 1.5, e.g. anatomy words used in news) and political entries are
left out because out of context they are not violations.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from classifier.datasets._common import split_for
from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "profanity_lexicons"
MIN_SEVERITY = 1.5

# Surge category -> (labels, abuse target)
SURGE_CATEGORY_LABELS: dict[str, tuple[dict[str, int], str | None]] = {
    "sexual anatomy / sexual acts": ({"vulgarity": 1, "profanity": 1}, None),
    "bodily fluids / excrement": ({"vulgarity": 1, "profanity": 1}, None),
    "religious offense": ({"profanity": 1}, None),
    "sexual orientation / gender": ({"abuse": 1}, "sexual_orientation"),
    "racial / ethnic": ({"abuse": 1}, "race_ethnicity"),
    "mental disability": ({"abuse": 1}, "disability"),
    "physical disability": ({"abuse": 1}, "disability"),
    "physical attributes": ({"personal_attack": 1}, None),
    "animal references": ({"personal_attack": 1}, None),
}


def _surge(directory: Path) -> Iterator[Example]:
    with (directory / "surge_profanity_en.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if float(row["severity_rating"] or 0) < MIN_SEVERITY:
                continue
            labels: dict[str, int] = {}
            target: str | None = None
            for key in ("category_1", "category_2", "category_3"):
                mapped = SURGE_CATEGORY_LABELS.get(row[key].strip())
                if mapped:
                    labels.update(mapped[0])
                    target = target or mapped[1]
            if not labels:
                continue
            text = row["text"].strip()
            yield Example(
                text=text,
                lang="en",
                split=split_for(NAME, "surge:" + text),
                labels=labels,
                should_reject=1,
                abuse_target=target,
                source_id="surge:" + text,
            )


def _ldnoobw(directory: Path) -> Iterator[Example]:
    for line in (directory / "ldnoobw_en.txt").read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text:
            yield Example(
                text=text,
                lang="en",
                split=split_for(NAME, "ldnoobw:" + text),
                labels={"vulgarity": 1},
                should_reject=1,
                source_id="ldnoobw:" + text,
            )


def load(data_dir: str) -> Iterator[Example]:
    directory = Path(data_dir) / NAME
    yield from _surge(directory)
    yield from _ldnoobw(directory)


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.PERMISSIVE,
    languages=("en",),
    categories=("profanity", "vulgarity", "personal_attack", "abuse"),
    domain="lexicon",
    load=load,
    notes="Word lists, not comments: one example per entry; positives only.",
)
