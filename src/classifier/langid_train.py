"""Train the language-ID model (``classifier.langid``) and write its artifact.

Training text, all permissive or project-written (``shared/data/CATALOG.md``):
KurdishLID train split (MIT), the project's ``artifacts/langid/supplement.tsv``, English news
comments from civil_comments_toxic_spans (CC0), Arabic tweets from ar-mlma (MIT) and Turkish tweets
from the OffensEval-TR training file (CC-BY). Evaluation uses other sets (see ``langid_eval``).

Run: ``python -m classifier.langid_train --data ../shared/data`` (writes ``artifacts/langid``)
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
from sklearn.linear_model import LogisticRegression

from classifier.datasets.kurdish_lid import load_sentences, split_of
from classifier.langid import (
    DEFAULT_ARTIFACT,
    MODEL_CLASSES,
    FeatureConfig,
    LanguageIdentifier,
)

SUPPLEMENT: Final = DEFAULT_ARTIFACT / "supplement.tsv"
SEED: Final = 20261123

# How people type Kurdish and Turkish without the right keyboard.
_LATIN_ASCII: Final = str.maketrans(
    {"ê": "e", "î": "i", "û": "u", "ł": "ll", "ř": "r", "ḧ": "h", "ë": "e", "ẍ": "x",
     "ş": "sh", "ç": "ch", "ı": "i", "ğ": "g", "ö": "o", "ü": "u", "â": "a", "é": "e"}
)  # fmt: skip
_ARABIC_KEYBOARD: Final = str.maketrans(
    {"ە": "ه", "ێ": "ی", "ۆ": "و", "ڵ": "ل", "ڕ": "ر", "ڤ": "ف", "ۊ": "و"}
)
# Persian and Kurdish typed on an Arabic keyboard: Arabic yeh and kaf (پرسپوليس, عكس تيمي).
_ARABIC_YEH_KAF: Final = str.maketrans({"ی": "ي", "ک": "ك"})


@dataclass(frozen=True)
class TrainingText:
    text: str
    lang: str
    source: str


def supplement_texts(path: Path = SUPPLEMENT) -> list[TrainingText]:
    rows: list[TrainingText] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, _script, text = line.split("\t", 2)
        rows.append(TrainingText(text, lang, "supplement"))
    return rows


def _english_comments(data_dir: Path, limit: int) -> Iterator[TrainingText]:
    path = data_dir / "civil_comments_toxic_spans" / "civil_comments_toxic_spans.jsonl"
    count = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"].strip()
            if text and split_of(text) == "train":
                yield TrainingText(text[:400], "en", "civil_comments_toxic_spans")
                count += 1
                if count >= limit:
                    return


def _arabic_tweets(data_dir: Path, limit: int) -> Iterator[TrainingText]:
    with (data_dir / "ar-mlma" / "ar_dataset.csv").open(encoding="utf-8", newline="") as f:
        for index, row in enumerate(csv.DictReader(f)):
            if index >= limit:
                return
            yield TrainingText(row["tweet"], "ar", "ar-mlma")


def _turkish_tweets(data_dir: Path, limit: int) -> Iterator[TrainingText]:
    path = data_dir / "tr-offenseval2020" / "offenseval-tr-training-v1.tsv"
    with path.open(encoding="utf-8") as lines:
        next(lines)
        for index, line in enumerate(lines):
            if index >= limit:
                return
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                yield TrainingText(parts[1], "tr", "tr-offenseval2020")


def training_texts(data_dir: Path) -> list[TrainingText]:
    texts = [
        TrainingText(
            s.text,
            s.variety if s.lang == "other" else s.lang,
            f"kurdish_lid:{s.variety}-{s.script}",
        )
        for s in load_sentences(data_dir, split="train")
    ]
    texts += supplement_texts() * 3  # few but exactly the text general corpora lack
    texts += _english_comments(data_dir, 3000)
    texts += _arabic_tweets(data_dir, 2000)
    texts += _turkish_tweets(data_dir, 2000)
    return texts


def augment(texts: list[TrainingText], rng: random.Random) -> list[TrainingText]:
    """Add keyboard-less spellings and short fragments, so short comments look familiar."""
    out = list(texts)
    for item in texts:
        variant = item.text
        if item.lang in ("ckb", "kmr", "tr") and rng.random() < 0.5:
            variant = item.text.lower().translate(_LATIN_ASCII)
        if item.lang in ("ckb", "kmr") and rng.random() < 0.5:
            variant = variant.translate(_ARABIC_KEYBOARD)
        if item.lang in ("fa", "ckb", "kmr") and rng.random() < 0.3:
            variant = variant.translate(_ARABIC_YEH_KAF)
        if variant != item.text:
            out.append(TrainingText(variant, item.lang, item.source + "+keyboard"))
        words = variant.split()
        if len(words) > 3:
            for _ in range(2):
                size = rng.randint(1, min(7, len(words) - 1))
                start = rng.randint(0, len(words) - size)
                fragment = " ".join(words[start : start + size])
                out.append(TrainingText(fragment, item.lang, item.source + "+fragment"))
    return out


def train(data_dir: Path, *, c: float = 20.0, max_iter: int = 200) -> LanguageIdentifier:
    rng = random.Random(SEED)
    texts = augment(training_texts(data_dir), rng)
    features = FeatureConfig()
    untrained = LanguageIdentifier(
        coef=np.zeros((len(MODEL_CLASSES), features.n_features), dtype=np.float32),
        intercept=np.zeros(len(MODEL_CLASSES), dtype=np.float32),
        classes=MODEL_CLASSES,
        features=features,
    )
    matrix, _ = untrained.transform([t.text for t in texts])
    labels = np.array([MODEL_CLASSES.index(t.lang) for t in texts])
    model = LogisticRegression(C=c, max_iter=max_iter)
    started = time.perf_counter()
    model.fit(matrix, labels)
    seconds = time.perf_counter() - started
    # The prior shift to this newsroom's readers is applied at load time from the manifest
    # (langid.DEPLOYMENT_PRIOR and the class counts below), so it can change without retraining.
    classes = [MODEL_CLASSES[int(i)] for i in model.classes_]
    intercept = model.intercept_.astype(np.float32)
    sources = Counter(t.source.split("+")[0].split(":")[0] for t in texts)
    identifier = LanguageIdentifier(
        coef=model.coef_.astype(np.float32),
        intercept=intercept,
        classes=classes,
        features=features,
        manifest={
            "version": time.strftime("langid-%Y%m%d"),
            "model": "hashed character 1-4-grams + multinomial logistic regression",
            "general_detector": "py3langid (bundled model, from its PyPI package)",
            "training": {
                "rows": len(texts),
                "rows_per_language": dict(Counter(t.lang for t in texts)),
                "rows_per_source": dict(sources),
                "sets": {
                    "kurdish_lid": "MIT, Sina Ahmadi 2023 (train split, 80% by sentence hash)",
                    "supplement": "project-written, artifacts/langid/supplement.tsv",
                    "civil_comments_toxic_spans": "CC0 (English comments, train split)",
                    "ar-mlma": "MIT (Arabic tweets)",
                    "tr-offenseval2020": "CC-BY (Turkish tweets, training file)",
                },
                "c": c,
                "fit_seconds": round(seconds, 1),
            },
        },
    )
    return identifier


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=DEFAULT_ARTIFACT)
    parser.add_argument("--c", type=float, default=20.0)
    args = parser.parse_args(argv)
    identifier = train(args.data, c=args.c)
    identifier.save(args.out)
    print(json.dumps(identifier.manifest["training"], indent=2))


if __name__ == "__main__":
    main()
