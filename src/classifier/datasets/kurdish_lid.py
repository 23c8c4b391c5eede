"""KurdishLID (Ahmadi et al. 2023, MIT): language-ID sentences per Kurdish variety and neighbour.

Not an abuse data set: it trains and evaluates ``classifier.langid``. The repository ships only
``*_train.txt`` files (2,399 sentences each, the label is the file name), so this loader makes a
deterministic held-out split by hashing each sentence: the same sentence is always in the same
split, on every machine, and never in both.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from classifier.datasets.base import DatasetSpec, Example, LicenseClass

FOLDER: Final = "kurdish-lid"
TEST_PERCENT: Final = 20

# file stem -> (our language code, script, the variety's own ISO code)
FILES: Final[dict[str, tuple[str, str, str]]] = {
    "CentralKurdish-arab": ("ckb", "arab", "ckb"),
    "CentralKurdish-latn": ("ckb", "latn", "ckb"),
    "NorthernKurdish-arab": ("kmr", "arab", "kmr"),
    "NorthernKurdish-latn": ("kmr", "latn", "kmr"),
    "Arabic-arab": ("ar", "arab", "ar"),
    "Persian-arab": ("fa", "arab", "fa"),
    "Turkish-latn": ("tr", "latn", "tr"),
    # varieties the newsroom does not publish in: language ID must answer "other" for them
    "SouthernKurdish-arab": ("other", "arab", "sdh"),
    "Gorani-arab": ("other", "arab", "hac"),
    "Zazaki-latn": ("other", "latn", "zza"),
    "Zazaki-latn-wiki": ("other", "latn", "zza"),
}


@dataclass(frozen=True)
class LidSentence:
    text: str
    lang: str  # en ckb kmr ar fa tr other
    script: str  # "arab" | "latn"
    variety: str  # ISO code of the actual variety (sdh, hac, zza for "other")
    split: str  # "train" | "test"


def split_of(text: str) -> str:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return "test" if int.from_bytes(digest, "big") % 100 < TEST_PERCENT else "train"


def load_sentences(data_dir: str | Path, *, split: str | None = None) -> list[LidSentence]:
    """All sentences (or one split), de-duplicated within each file, in file order."""
    root = Path(data_dir) / FOLDER / "datasets"
    if not root.is_dir():
        raise FileNotFoundError(f"{root} not found: pass the shared data directory")
    sentences: list[LidSentence] = []
    for stem, (lang, script, variety) in FILES.items():
        seen: set[str] = set()
        for line in (root / f"{stem}_train.txt").read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if not text or text in seen:
                continue
            seen.add(text)
            sentence_split = split_of(text)
            if split is None or split == sentence_split:
                sentences.append(LidSentence(text, lang, script, variety, sentence_split))
    return sentences


def _load_examples(data_dir: str) -> Iterator[Example]:
    for sentence in load_sentences(data_dir):
        yield Example(
            text=sentence.text,
            lang=sentence.lang,
            split=sentence.split,
            source_id=f"{sentence.variety}-{sentence.script}",
        )


SPEC = DatasetSpec(
    name="kurdish_lid",
    license_class=LicenseClass.PERMISSIVE,
    languages=("ckb", "kmr", "ar", "fa", "tr", "other"),
    categories=(),
    domain="language-identification sentences (Wikipedia, news)",
    load=_load_examples,
    notes="MIT, Sina Ahmadi 2023 (KurdishLID). No guideline labels: trains language ID only.",
)
