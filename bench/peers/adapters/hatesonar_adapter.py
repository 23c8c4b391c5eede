"""Adapter for hatesonar: TF-IDF + logistic regression (ONNX) trained on Davidson et al. tweets.

Classes hate_speech / offensive_language / neither. ``1 - neither`` is its overall reject score;
hate speech is group abuse; "offensive language" in Davidson's scheme is mostly profanity and slurs.
Its ONNX string normaliser needs the en_US.UTF-8 locale: setup.sh compiles one into
bench/.venvs/_locale and compare_peers.py points LOCPATH at it.
"""

from __future__ import annotations

from typing import Any

from _protocol import SHOULD_REJECT, Scores, run

HATESONAR_CLASSES = ("hate_speech", "offensive_language", "neither")


def map_hatesonar(hate_speech: float, offensive_language: float, neither: float) -> Scores:
    return {
        SHOULD_REJECT: 1.0 - neither,
        "abuse": hate_speech,
        "profanity": offensive_language,
    }


def load() -> Any:
    from hatesonar import Sonar

    return Sonar()


def score_batch(sonar: Any, texts: list[str]) -> list[Scores]:
    import numpy as np

    # Sonar.ping scores one text; its ONNX graph takes a batch, so call the session directly.
    _labels, probabilities = sonar.sess.run(None, {"text": np.array(texts, dtype=object)})
    # Rows are {class index: probability} (skl2onnx ZipMap), indices in HATESONAR_CLASSES order.
    return [map_hatesonar(*(float(row[k]) for k in range(3))) for row in probabilities]


if __name__ == "__main__":
    run("hatesonar", load, score_batch, batch_size=512)
