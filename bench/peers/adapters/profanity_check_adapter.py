"""Adapter for alt-profanity-check and profanity-check (both install ``profanity_check``).

Their single "profane" probability (TF-IDF + calibrated linear SVM on tweets/Wikipedia) maps onto
``profanity``; it is also the peer's only "should this be rejected" signal, as newsrooms use it.
"""

from __future__ import annotations

import os
from typing import Any

from _protocol import SHOULD_REJECT, Scores, run


def map_profane(probability: float) -> Scores:
    return {"profanity": probability, SHOULD_REJECT: probability}


def load() -> Any:
    import profanity_check

    return profanity_check


def score_batch(module: Any, texts: list[str]) -> list[Scores]:
    return [map_profane(float(p)) for p in module.predict_prob(texts)]


if __name__ == "__main__":
    run(os.environ.get("MAJLIS_PEER_NAME", "profanity-check"), load, score_batch, batch_size=1024)
