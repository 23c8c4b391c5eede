"""Mapping of the six Jigsaw Toxic Comment labels onto the guideline categories.

Jigsaw "obscene" covers both swearing and sexual crudeness, so it stands for profanity and
vulgarity alike; "insult" is aimed at a person; "identity_hate" is abuse of a group. The overall
reject score is the strongest of the six, as any one of them breaks the guidelines.
"""

from __future__ import annotations

from typing import Sequence

from _protocol import SHOULD_REJECT, Scores

JIGSAW_LABELS = ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")

JIGSAW_TO_CATEGORY = {
    "obscene": ("profanity", "vulgarity"),
    "threat": ("threat",),
    "insult": ("personal_attack",),
    "identity_hate": ("abuse",),
}


def map_jigsaw(probabilities: dict[str, float]) -> Scores:
    missing = set(JIGSAW_LABELS) - set(probabilities)
    if missing:
        raise ValueError(f"missing Jigsaw labels: {', '.join(sorted(missing))}")
    scores = {SHOULD_REJECT: max(float(probabilities[label]) for label in JIGSAW_LABELS)}
    for label, categories in JIGSAW_TO_CATEGORY.items():
        for category in categories:
            scores[category] = float(probabilities[label])
    return scores


def map_jigsaw_row(row: Sequence[float]) -> Scores:
    """A model output row in JIGSAW_LABELS order."""
    if len(row) != len(JIGSAW_LABELS):
        raise ValueError(f"expected {len(JIGSAW_LABELS)} Jigsaw scores, got {len(row)}")
    return map_jigsaw(dict(zip(JIGSAW_LABELS, (float(value) for value in row))))
