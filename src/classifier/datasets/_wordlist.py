"""Shared loader for plain profanity word lists (one example per entry, positives only)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from classifier.datasets._common import split_for
from classifier.datasets.base import Example

# Entries this short match inside ordinary words and are often not rude on their own.
MIN_LETTERS = 3


def wordlist_examples(name: str, words: Iterable[str], lang: str) -> Iterator[Example]:
    seen: set[str] = set()
    for raw in words:
        word = raw.strip()
        if len(word.replace(" ", "")) < MIN_LETTERS or word in seen:
            continue
        seen.add(word)
        yield Example(
            text=word,
            lang=lang,
            split=split_for(name, word),
            labels={"profanity": 1},
            should_reject=1,
            source_id=word,
        )
