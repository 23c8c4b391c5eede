"""Adapter for tox-block: GloVe BiLSTM (Keras 2 / tf-keras) trained on Jigsaw Toxic Comments.

Runs with TF_USE_LEGACY_KERAS=1 (set by compare_peers.py): its saved model is Keras 2 format.
Uses the unrescaled probabilities: the package's optional min-max rescale takes an absolute value,
which is not monotonic and would distort rankings.
"""

from __future__ import annotations

from typing import Any

from _jigsaw import JIGSAW_LABELS, map_jigsaw
from _protocol import Scores, run


def load() -> Any:
    from tox_block import prediction

    return prediction


def score_batch(prediction: Any, texts: list[str]) -> list[Scores]:
    rows = prediction.make_predictions(texts, rescale=False)  # {index: {text, <label>: p}}
    return [
        map_jigsaw({label: rows[i][label] for label in JIGSAW_LABELS}) for i in range(len(texts))
    ]


if __name__ == "__main__":
    run("tox-block", load, score_batch, batch_size=256)
