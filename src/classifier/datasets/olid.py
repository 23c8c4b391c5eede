"""OLID / OffensEval 2019 (English tweets). Research use only: evaluation, never training."""

from __future__ import annotations

from collections.abc import Iterator

from classifier.datasets._jsonl_uniform import any_positive, load_uniform
from classifier.datasets.base import DatasetSpec, Example, LicenseClass


def load(data_dir: str) -> Iterator[Example]:
    # identity_abuse is left out: OLID only has its negatives (GRP mixes political groups with
    # protected ones), so it cannot be scored.
    return load_uniform(
        data_dir,
        "olid",
        lang="en",
        fields=("profanity", "personal_attack"),
        should_reject=any_positive("toxic"),
    )


SPEC = DatasetSpec(
    name="olid",
    license_class=LicenseClass.RESEARCH,
    languages=("en",),
    categories=("profanity", "personal_attack"),
    domain="tweets",
    load=load,
    notes=(
        "should_reject = OFF. profanity = OFF-UNT vs NOT (targeted offences unknown); "
        "personal_attack = OFF-TIN-IND vs everything else. Threat and group abuse are not "
        "separable in OLID."
    ),
)
