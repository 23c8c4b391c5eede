"""Adapter for arabic-toxic: TF-IDF multi-label model for Arabic (Cussing, Hatred, Sexual,
Racial, Appearance, Violence, NOT), scores in percent.

Mapping: Cussing -> profanity, Sexual -> vulgarity, Hatred and Racial -> abuse, Appearance ->
personal_attack, Violence -> threat; should-reject = the strongest of the six toxic labels.
"""

from __future__ import annotations

from typing import Any

from _protocol import SHOULD_REJECT, Scores, run

CATEGORY_OF = {
    "Cussing": "profanity",
    "Sexual": "vulgarity",
    "Hatred": "abuse",
    "Racial": "abuse",
    "Appearance": "personal_attack",
    "Violence": "threat",
}


def map_scores(percentages: dict[str, float]) -> Scores:
    scores: Scores = {}
    for label, category in CATEGORY_OF.items():
        value = float(percentages.get(label, 0.0)) / 100.0
        scores[category] = max(scores.get(category, 0.0), value)
    scores[SHOULD_REJECT] = max(scores.values())
    return scores


def load() -> Any:
    import arabic_toxic

    arabic_toxic.predict_proba(["تحميل"])  # loads the bundled model once
    return arabic_toxic


def score_batch(arabic_toxic: Any, texts: list[str]) -> list[Scores]:
    return [map_scores(row) for row in arabic_toxic.predict_proba(texts)]


if __name__ == "__main__":
    run("arabic-toxic", load, score_batch, batch_size=512)
