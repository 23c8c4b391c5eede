"""Adapter for toxic-comment-classifier: BiLSTM (Keras 3) trained on Jigsaw Toxic Comments.

Its ``classify`` scores one text per model call; this runs the same tokenizer, padding and model
on a whole batch at once (same numbers, far fewer calls).
"""

from __future__ import annotations

from typing import Any

from _jigsaw import map_jigsaw_row
from _protocol import Scores, run


def load() -> Any:
    from toxic_classifier import ToxicCommentClassifier

    return ToxicCommentClassifier()


def score_batch(classifier: Any, texts: list[str]) -> list[Scores]:
    from tensorflow.keras.preprocessing.sequence import pad_sequences
    from toxic_classifier.model import MAXLEN

    padded = pad_sequences(classifier.tokenizer.texts_to_sequences(texts), maxlen=MAXLEN)
    rows = classifier.model.predict(padded, verbose=0, batch_size=len(texts))
    return [map_jigsaw_row(row) for row in rows]


if __name__ == "__main__":
    run("toxic-comment-classifier", load, score_batch, batch_size=256)
