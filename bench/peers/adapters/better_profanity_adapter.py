"""Adapter for better-profanity: a word list with leetspeak variants; says only yes or no."""

from __future__ import annotations

from typing import Any

from _protocol import SHOULD_REJECT, Scores, run


def map_contains_profanity(contains: bool) -> Scores:
    value = 1.0 if contains else 0.0
    return {"profanity": value, SHOULD_REJECT: value}


def load() -> Any:
    from better_profanity import profanity

    profanity.load_censor_words()
    return profanity


def score_batch(profanity: Any, texts: list[str]) -> list[Scores]:
    # No batch API: one call per text.
    return [map_contains_profanity(profanity.contains_profanity(text)) for text in texts]


if __name__ == "__main__":
    run("better-profanity", load, score_batch, output="binary", batch_size=64)
