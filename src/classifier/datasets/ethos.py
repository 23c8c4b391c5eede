"""ETHOS binary + multi-label hate speech (YouTube, Reddit). GPL-3.0 data: evaluation only."""

from __future__ import annotations

from collections.abc import Iterator

from classifier.datasets._jsonl_uniform import any_positive, load_uniform
from classifier.datasets.base import DatasetSpec, Example, LicenseClass


def load(data_dir: str) -> Iterator[Example]:
    return load_uniform(
        data_dir,
        "ethos",
        lang="en",
        fields=("identity_abuse", "threat"),
        should_reject=any_positive("identity_abuse"),
    )


SPEC = DatasetSpec(
    name="ethos",
    license_class=LicenseClass.NON_COMMERCIAL,
    languages=("en",),
    categories=("abuse", "threat"),
    domain="youtube + reddit comments",
    load=load,
    notes=(
        "should_reject = abuse = isHate >= 0.5 (deliberately balanced, 433/998). threat = violence "
        ">= 0.5 among hate comments (0 for non-hate). Abuse targets map cleanly onto the six "
        "ABUSE_TARGETS."
    ),
)
