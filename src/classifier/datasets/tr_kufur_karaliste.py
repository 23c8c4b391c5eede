"""Turkish profanity blacklist (CC BY-SA 4.0) as one-word profanity examples."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from classifier.datasets._wordlist import wordlist_examples
from classifier.datasets.base import DatasetSpec, Example, LicenseClass

NAME = "tr-kufur-karaliste"


def load(data_dir: str) -> Iterator[Example]:
    lines = (Path(data_dir) / NAME / "karaliste.txt").read_text(encoding="utf-8").splitlines()
    yield from wordlist_examples(NAME, lines, "tr")


SPEC = DatasetSpec(
    name=NAME,
    license_class=LicenseClass.PERMISSIVE,
    languages=("tr",),
    categories=("profanity",),
    domain="lexicon",
    load=load,
    notes="Share-alike list; entries under 3 letters dropped (they match inside words).",
)
