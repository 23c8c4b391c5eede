"""OSACT5 (2022) fine-grained Arabic tweets. No license stated (research): evaluation only."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path

from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "ar-osact2022"

# HS classes that are abuse of a protected group under the guidelines. HS3 (ideology) and HS5
# (social class) are hate in OSACT's scheme but political groups may be criticised harshly, so
# those rows have no abuse label (unknown) rather than a positive or a negative one.
PROTECTED_HATE: frozenset[str] = frozenset({"HS1", "HS2", "HS4", "HS6"})
# HS1 joins race, ethnicity and nationality, which the guidelines split into racism and
# xenophobia, so its target is left unknown.
HATE_TARGETS: Mapping[str, str] = {"HS2": "religion", "HS4": "disability", "HS6": "gender"}


def load(data_dir: str) -> Iterator[Example]:
    root = Path(data_dir) / NAME
    for split, filename in (
        ("train", "train_data2022.fixed.tsv"),
        ("dev", "dev_data2022.fixed.tsv"),
    ):
        with (root / filename).open(encoding="utf-8") as handle:
            reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader, None)  # header
            for row in reader:
                if len(row) != 6 or not row[1].strip():
                    continue
                tweet_id, tweet, offensive, hate, vulgar, violence = row
                labels = {"vulgarity": int(vulgar == "VLG"), "threat": int(violence == "VIO")}
                if hate == "NOT_HS":
                    labels["abuse"] = 0
                elif hate in PROTECTED_HATE:
                    labels["abuse"] = 1
                yield Example(
                    text=tweet.replace("<LF>", "\n").strip(),
                    lang="ar",
                    split=split,
                    labels=labels,
                    should_reject=int(offensive == "OFF"),
                    abuse_target=HATE_TARGETS.get(hate),
                    source_id=tweet_id,
                )


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.RESEARCH,
    languages=("ar",),
    categories=("vulgarity", "threat", "abuse"),
    domain="tweets",
    load=load,
    notes=(
        "train+dev (the test set is not available). should_reject = OFF; vulgarity = VLG; "
        "threat = VIO (violence/incitement); abuse = HS1/HS2/HS4/HS6 (race-nationality, religion, "
        "disability, gender) vs NOT_HS; ideology (HS3) and social-class (HS5) hate are unknown "
        "for abuse but count as should_reject. Targets: religion, disability, gender; HS1's "
        "(race or nationality) is unknown."
    ),
)
