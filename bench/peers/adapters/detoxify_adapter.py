"""Adapter for detoxify (Unitary): transformer models trained on the Jigsaw challenges.

Expected to fail offline: ``Detoxify("original")`` downloads its checkpoint at load time. The
failure is reported as the peer's result rather than worked around; no weights are fetched here
from anywhere but the package itself.
"""

from __future__ import annotations

from typing import Any

from _jigsaw import JIGSAW_LABELS, map_jigsaw
from _protocol import Scores, run


def load() -> Any:
    from detoxify import Detoxify

    return Detoxify("original", device="cpu")


def score_batch(model: Any, texts: list[str]) -> list[Scores]:
    results = model.predict(texts)  # {label: [p per text]}
    return [
        map_jigsaw({label: results[label][i] for label in JIGSAW_LABELS}) for i in range(len(texts))
    ]


if __name__ == "__main__":
    run("detoxify", load, score_batch, batch_size=16)
