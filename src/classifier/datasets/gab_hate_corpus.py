"""Gab Hate Corpus (English Gab posts). Research use only: evaluation, never training."""

from __future__ import annotations

from collections.abc import Iterator

from classifier.datasets._jsonl_uniform import any_positive, load_uniform
from classifier.datasets.base import DatasetSpec, Example, LicenseClass


def load(data_dir: str) -> Iterator[Example]:
    return load_uniform(
        data_dir,
        "gab_hate_corpus",
        lang="en",
        fields=("identity_abuse", "threat", "personal_attack"),
        should_reject=any_positive("toxic"),
    )


SPEC = DatasetSpec(
    name="gab_hate_corpus",
    license_class=LicenseClass.RESEARCH,
    languages=("en",),
    categories=("abuse", "threat", "personal_attack"),
    domain="gab posts",
    load=load,
    notes=(
        "should_reject = HD or CV or VO. abuse = HD or CV (group-based hate, no target in these "
        "files); threat = CV (calls for violence against groups); personal_attack = VO."
    ),
)
