"""HateXplain validation + test splits (tweets, Gab). Permissive, but held out for evaluation."""

from __future__ import annotations

from collections.abc import Iterator

from classifier.datasets._jsonl_uniform import any_positive, load_uniform
from classifier.datasets.base import DatasetSpec, Example, LicenseClass


def load(data_dir: str) -> Iterator[Example]:
    return load_uniform(
        data_dir,
        "hatexplain_valtest",
        lang="en",
        fields=("identity_abuse",),
        should_reject=any_positive("toxic"),
    )


SPEC = DatasetSpec(
    name="hatexplain_valtest",
    license_class=LicenseClass.HELD_FOR_EVALUATION,
    languages=("en",),
    categories=("abuse",),
    domain="tweets + gab posts",
    load=load,
    notes=(
        "should_reject = majority hatespeech or offensive; abuse = majority hatespeech. "
        "Lower-cased, tokenised text with <user>/<number> placeholders; keyword-sampled balance."
    ),
)
