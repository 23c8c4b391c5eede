import math

import numpy as np
import pytest
from sklearn.metrics import f1_score, roc_auc_score

from classifier import metrics


def test_roc_auc_perfect_inverted_and_tied():
    assert metrics.roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]) == 1.0
    assert metrics.roc_auc([0, 0, 1, 1], [0.9, 0.8, 0.2, 0.1]) == 0.0
    assert metrics.roc_auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5


def test_roc_auc_matches_pairwise_definition():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, 200)
    scores = rng.random(200) + labels * 0.3
    positives, negatives = scores[labels == 1], scores[labels == 0]
    pairs = (positives[:, None] > negatives[None, :]).mean() + 0.5 * (
        positives[:, None] == negatives[None, :]
    ).mean()
    assert metrics.roc_auc(labels, scores) == pytest.approx(pairs)


def test_metrics_are_undefined_with_one_class():
    assert metrics.roc_auc([0, 0, 0], [0.1, 0.5, 0.9]) is None
    assert metrics.pr_auc([1, 1], [0.1, 0.9]) is None
    assert metrics.pr_curve([], []) is None


def test_pr_auc_is_average_precision():
    # Ranking: 1 (p=.9), 0 (.8), 1 (.7), 0 (.1): precision at the two hits = 1 and 2/3.
    assert metrics.pr_auc([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]) == pytest.approx((1 + 2 / 3) / 2)


def test_f1_at_threshold_counts_equal_scores_as_positive_and_agrees_with_sklearn():
    labels = [1, 1, 0, 0, 1]
    scores = [0.5, 0.4, 0.5, 0.1, 0.9]
    result = metrics.at_threshold(labels, scores, 0.5)
    assert result.precision == pytest.approx(2 / 3)
    assert result.recall == pytest.approx(2 / 3)
    expected = f1_score(labels, [int(s >= 0.5) for s in scores])
    assert metrics.f1_at(labels, scores, 0.5) == pytest.approx(expected)


def test_f1_is_zero_when_nothing_predicted_and_none_without_positives_or_predictions():
    assert metrics.f1_at([1, 0], [0.1, 0.2], 0.5) == 0.0
    result = metrics.at_threshold([0, 0], [0.1, 0.2], 0.5)
    assert result.precision is None and result.recall is None and result.f1 is None


def test_false_reject_rate_counts_only_acceptable_comments():
    labels = [0, 0, 0, 0, 1, 1]
    rejected = [True, False, False, False, True, False]
    assert metrics.false_reject_rate(labels, rejected) == pytest.approx(0.25)
    assert metrics.false_reject_rate([1, 1], [True, False]) is None


def test_reliability_bins_and_ece():
    labels = [0, 1, 1, 1, 0]
    probs = [0.05, 0.95, 1.0, 0.55, 0.45]
    bins = metrics.reliability_bins(labels, probs, n_bins=2)
    assert [b.count for b in bins] == [2, 3]
    assert bins[0].mean_predicted == pytest.approx(0.25)
    assert bins[0].observed_rate == 0.0
    assert bins[1].observed_rate == 1.0
    # ECE = (2 * |0.25 - 0| + 3 * |0.8333 - 1|) / 5
    assert metrics.expected_calibration_error(labels, probs, n_bins=2) == pytest.approx(
        (2 * 0.25 + 3 * (1 - 2.5 / 3)) / 5
    )


def test_ece_is_zero_for_perfectly_calibrated_bins_and_large_for_overconfidence():
    labels = [1, 0] * 50
    assert metrics.expected_calibration_error(labels, [0.5] * 100) == pytest.approx(0.0)
    assert metrics.expected_calibration_error(labels, [1.0] * 100) == pytest.approx(0.5)


def test_empty_bins_have_no_means():
    bins = metrics.reliability_bins([1], [0.99], n_bins=10)
    assert bins[0].mean_predicted is None and bins[-1].count == 1


@pytest.mark.parametrize(
    "call",
    [
        lambda: metrics.roc_auc([0, 2], [0.1, 0.2]),
        lambda: metrics.roc_auc([0, 1], [0.1]),
        lambda: metrics.roc_auc([0, 1], [0.1, math.nan]),
        lambda: metrics.reliability_bins([0, 1], [0.1, 1.5]),
        lambda: metrics.false_reject_rate([0, 1], [True]),
    ],
)
def test_bad_input_is_refused(call):
    with pytest.raises(ValueError):
        call()


def test_binary_report_collects_everything():
    labels = np.array([0] * 90 + [1] * 10)
    scores = np.concatenate([np.linspace(0, 0.4, 90), np.linspace(0.6, 1.0, 10)])
    report = metrics.binary_report(labels, scores, threshold=0.5)
    assert (report.n, report.positives) == (100, 10)
    assert report.roc_auc == 1.0 and report.f1 == 1.0
    assert report.pr_auc == pytest.approx(1.0)
    assert report.roc_auc == roc_auc_score(labels, scores)
    assert 0.0 < report.ece < 0.3
    assert metrics.binary_report(labels, scores, threshold=None).f1 is None


def test_pr_curve_ends_at_full_recall():
    curve = metrics.pr_curve([0, 1, 1], [0.2, 0.4, 0.9])
    assert curve is not None
    recall, precision = curve
    assert recall.max() == 1.0 and precision.min() >= 2 / 3


def test_recall_at_false_reject_rate_respects_the_budget():
    negatives = [i / 100 for i in range(100)]  # 0.00 .. 0.99
    labels = [0] * 100 + [1, 1]
    scores = [*negatives, 0.985, 0.5]
    # 2% of 100 acceptable rows: the threshold may pass 0.99 and 0.98 but not 0.97.
    assert metrics.recall_at_false_reject_rate(labels, scores, 0.02) == 0.5
    assert metrics.recall_at_false_reject_rate(labels, scores, 0.0) == 0.0
    assert metrics.recall_at_false_reject_rate(labels, scores, 1.0) == 1.0
    assert metrics.recall_at_false_reject_rate([0, 0], [0.1, 0.2], 0.02) is None


def test_recall_at_false_reject_rate_never_splits_ties():
    # All scores equal: any threshold rejects every acceptable row, so nothing fits a 2% budget.
    assert metrics.recall_at_false_reject_rate([0] * 50 + [1] * 50, [0.5] * 100, 0.02) == 0.0
