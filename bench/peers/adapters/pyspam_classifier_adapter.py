"""Adapter for pyspam-classifier: bag of words + multinomial naive Bayes, classes ham/spam."""

from __future__ import annotations

from typing import Any

from _protocol import SHOULD_REJECT, Scores, run


def map_spam(probability: float) -> Scores:
    return {"promotion": probability, SHOULD_REJECT: probability}


def load() -> Any:
    from spam_classifier import SpamClassifier

    return SpamClassifier()


def score_batch(classifier: Any, texts: list[str]) -> list[Scores]:
    model = classifier.naive_bayes
    probabilities = model.predict_proba(classifier.count_vector.transform(texts))
    column = list(model.classes_).index("spam")
    return [map_spam(float(row[column])) for row in probabilities]


if __name__ == "__main__":
    run("pyspam-classifier", load, score_batch, batch_size=1024)
