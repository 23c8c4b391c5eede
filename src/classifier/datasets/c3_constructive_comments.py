"""C3 Constructive Comments Corpus (Globe and Mail news comments). Non-commercial: eval only."""

from __future__ import annotations

from collections.abc import Iterator

from classifier.datasets._jsonl_uniform import any_positive, load_uniform
from classifier.datasets.base import DatasetSpec, Example, LicenseClass


def load(data_dir: str) -> Iterator[Example]:
    # C3's non_relevant label is off_topic, but the article text is not in the corpus, and the
    # model gives no off_topic score without an article, so off_topic is not scored at all.
    return load_uniform(
        data_dir,
        "c3_constructive_comments",
        lang="en",
        fields=("personal_attack",),
        should_reject=any_positive("toxic", "personal_attack"),
    )


SPEC = DatasetSpec(
    name="c3_constructive_comments",
    license_class=LicenseClass.NON_COMMERCIAL,
    languages=("en",),
    categories=("personal_attack",),
    domain="news comments",
    load=load,
    notes=(
        "should_reject = toxic (crowd toxicity >= 2.5) or personal_attack (>= half the raters). "
        "Natural mix of already-moderated news comments (~4% violate). off_topic (non_relevant) "
        "is NOT scored: C3 has no article text and the model never guesses off_topic without one."
    ),
)
