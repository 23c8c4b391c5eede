"""Persian swear-word list (Apache-2.0) as one-word profanity examples."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from classifier.datasets._wordlist import wordlist_examples
from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "fa-persian-swear-words"


def load(data_dir: str) -> Iterator[Example]:
    data = json.loads((Path(data_dir) / NAME / "data.json").read_text(encoding="utf-8"))
    yield from wordlist_examples(NAME, data["word"], "fa")


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.PERMISSIVE,
    languages=("fa",),
    categories=("profanity",),
    domain="lexicon",
    load=load,
    notes="Contains mild words; entries under 3 letters dropped (they match inside words).",
)
