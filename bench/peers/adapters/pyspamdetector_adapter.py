"""Adapter for pyspamdetector: TF-IDF + logistic regression spam model (SMS-style), so: promotion.

The package's own ``read_text`` treats class 0 as spam, so P(class 0) is the spam probability.
"""

from __future__ import annotations

from typing import Any

from _protocol import SHOULD_REJECT, Scores, run

SPAM_CLASS = 0  # pyspamdetector.read_text: "0 indicates Spam"


def map_spam(probability: float) -> Scores:
    return {"promotion": probability, SHOULD_REJECT: probability}


def load() -> Any:
    from pyspamdetector import PySpamDetector

    return PySpamDetector()


def score_batch(detector: Any, texts: list[str]) -> list[Scores]:
    probabilities = detector.model.predict_proba(detector.vectorizer.transform(texts))
    column = list(detector.model.classes_).index(SPAM_CLASS)
    return [map_spam(float(row[column])) for row in probabilities]


if __name__ == "__main__":
    run("pyspamdetector", load, score_batch, batch_size=1024)
