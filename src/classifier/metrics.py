"""Evaluation metrics: pure functions on arrays of 0/1 labels and scores in [0, 1].

Every function answers ``None`` rather than a number when the metric is undefined for the data
(for example ROC-AUC with only one class present), so a report never shows a made-up value.
scikit-learn is imported inside the functions that use it: importing it takes seconds, and the
``majlis`` CLI imports this package to build its argument parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _labels(y_true: Sequence[int] | npt.ArrayLike) -> IntArray:
    labels = np.asarray(y_true, dtype=np.int64).ravel()
    if labels.size and not np.isin(labels, (0, 1)).all():
        raise ValueError("labels must be 0 or 1")
    return labels


def _scores(y_score: Sequence[float] | npt.ArrayLike, size: int) -> FloatArray:
    scores = np.asarray(y_score, dtype=np.float64).ravel()
    if scores.size != size:
        raise ValueError(f"{scores.size} scores for {size} labels")
    if not np.isfinite(scores).all():
        raise ValueError("scores must be finite")
    return scores


def _both_classes(labels: IntArray) -> bool:
    return bool(labels.size) and 0 < int(labels.sum()) < labels.size


def roc_auc(y_true: npt.ArrayLike, y_score: npt.ArrayLike) -> float | None:
    labels = _labels(y_true)
    scores = _scores(y_score, labels.size)
    if not _both_classes(labels):
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores))


def pr_auc(y_true: npt.ArrayLike, y_score: npt.ArrayLike) -> float | None:
    """Area under the precision-recall curve, as average precision (no interpolation)."""
    labels = _labels(y_true)
    scores = _scores(y_score, labels.size)
    if not _both_classes(labels):
        return None
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(labels, scores))


@dataclass(frozen=True)
class ThresholdMetrics:
    threshold: float
    precision: float | None  # None when nothing is predicted positive
    recall: float | None  # None when there are no positives
    f1: float | None  # None when both precision and recall are undefined


def at_threshold(
    y_true: npt.ArrayLike, y_score: npt.ArrayLike, threshold: float
) -> ThresholdMetrics:
    """Precision, recall and F1 when ``score >= threshold`` counts as positive."""
    labels = _labels(y_true)
    predicted = _scores(y_score, labels.size) >= threshold
    true_positives = int(np.sum(predicted & (labels == 1)))
    predicted_positives = int(predicted.sum())
    positives = int(labels.sum())
    precision = true_positives / predicted_positives if predicted_positives else None
    recall = true_positives / positives if positives else None
    if precision is None and recall is None:
        f1 = None
    elif not precision or not recall:
        f1 = 0.0
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return ThresholdMetrics(threshold=threshold, precision=precision, recall=recall, f1=f1)


def f1_at(y_true: npt.ArrayLike, y_score: npt.ArrayLike, threshold: float) -> float | None:
    return at_threshold(y_true, y_score, threshold).f1


def false_reject_rate(y_true: npt.ArrayLike, rejected: npt.ArrayLike) -> float | None:
    """Share of acceptable comments (label 0) that were rejected; None without any."""
    labels = _labels(y_true)
    flags = np.asarray(rejected, dtype=bool).ravel()
    if flags.size != labels.size:
        raise ValueError(f"{flags.size} decisions for {labels.size} labels")
    acceptable = labels == 0
    if not acceptable.any():
        return None
    return float(flags[acceptable].mean())


def recall_at_false_reject_rate(
    y_true: npt.ArrayLike, y_score: npt.ArrayLike, max_false_reject_rate: float
) -> float | None:
    """Best recall of a ``score >= t`` rule that rejects at most this share of acceptable rows.

    Threshold-free view of "how many violations could be auto-rejected at a 2% false-reject
    budget"; ties are never split, so the answer is achievable by a real threshold.
    """
    labels = _labels(y_true)
    scores = _scores(y_score, labels.size)
    if not _both_classes(labels):
        return None
    negatives = np.sort(scores[labels == 0])[::-1]
    allowed = int(np.floor(max_false_reject_rate * negatives.size + 1e-9))
    # Lowest threshold rejecting at most `allowed` negatives: just above the (allowed+1)-th
    # highest negative score.
    if allowed >= negatives.size:
        return 1.0
    bound = negatives[allowed]
    return float(np.mean(scores[labels == 1] > bound))


@dataclass(frozen=True)
class ReliabilityBin:
    lower: float
    upper: float
    count: int
    mean_predicted: float | None  # None for an empty bin
    observed_rate: float | None


def reliability_bins(
    y_true: npt.ArrayLike, y_prob: npt.ArrayLike, n_bins: int = 10
) -> list[ReliabilityBin]:
    """Equal-width probability bins; the last bin is closed so a probability of 1.0 counts."""
    if n_bins < 1:
        raise ValueError("n_bins must be at least 1")
    labels = _labels(y_true)
    probs = _scores(y_prob, labels.size)
    if ((probs < 0) | (probs > 1)).any():
        raise ValueError("probabilities must lie in [0, 1]")
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    index = np.clip(np.searchsorted(edges, probs, side="right") - 1, 0, n_bins - 1)
    bins = []
    for position in range(n_bins):
        members = index == position
        count = int(members.sum())
        bins.append(
            ReliabilityBin(
                lower=float(edges[position]),
                upper=float(edges[position + 1]),
                count=count,
                mean_predicted=float(probs[members].mean()) if count else None,
                observed_rate=float(labels[members].mean()) if count else None,
            )
        )
    return bins


def expected_calibration_error(
    y_true: npt.ArrayLike, y_prob: npt.ArrayLike, n_bins: int = 10
) -> float | None:
    """Count-weighted mean gap between predicted probability and observed rate over the bins."""
    bins = reliability_bins(y_true, y_prob, n_bins)
    total = sum(b.count for b in bins)
    if not total:
        return None
    return float(
        sum(
            b.count * abs(b.mean_predicted - b.observed_rate)
            for b in bins
            if b.mean_predicted is not None and b.observed_rate is not None
        )
        / total
    )


def pr_curve(y_true: npt.ArrayLike, y_score: npt.ArrayLike) -> tuple[FloatArray, FloatArray] | None:
    """(recall, precision) points for plotting; None when the curve is undefined."""
    labels = _labels(y_true)
    scores = _scores(y_score, labels.size)
    if not _both_classes(labels):
        return None
    from sklearn.metrics import precision_recall_curve

    precision, recall, _ = precision_recall_curve(labels, scores)
    return np.asarray(recall, dtype=np.float64), np.asarray(precision, dtype=np.float64)


@dataclass(frozen=True)
class BinaryReport:
    """All the per-label numbers the evaluation report shows for one (set, category) pair."""

    n: int
    positives: int
    roc_auc: float | None
    pr_auc: float | None
    threshold: float | None
    precision: float | None
    recall: float | None
    f1: float | None
    ece: float | None
    recall_at_2pct_frr: float | None = None


def binary_report(
    y_true: npt.ArrayLike, y_score: npt.ArrayLike, threshold: float | None, n_bins: int = 10
) -> BinaryReport:
    labels = _labels(y_true)
    scores = _scores(y_score, labels.size)
    at = at_threshold(labels, scores, threshold) if threshold is not None else None
    return BinaryReport(
        n=int(labels.size),
        positives=int(labels.sum()),
        roc_auc=roc_auc(labels, scores),
        pr_auc=pr_auc(labels, scores),
        threshold=threshold,
        precision=at.precision if at else None,
        recall=at.recall if at else None,
        f1=at.f1 if at else None,
        recall_at_2pct_frr=recall_at_false_reject_rate(labels, scores, 0.02),
        ece=expected_calibration_error(labels, np.clip(scores, 0.0, 1.0), n_bins)
        if labels.size
        else None,
    )
