"""``train`` is reproducible and refuses sets that may not train the shipped model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from classifier import Classifier, CommentInput
from classifier.train import LicenseRefused, TrainConfig, train


def test_refuses_nonpermissive_sets(tmp_path: Path) -> None:
    config = TrainConfig(data_dir=str(tmp_path), out_dir=str(tmp_path / "a"), sets=("olid",))
    with pytest.raises(LicenseRefused):
        train(config)


@pytest.mark.slow
def test_same_data_same_model(tmp_path: Path) -> None:
    # the project's own corpus is small and always present: enough for a real, quick training
    outputs = []
    for run in ("a", "b"):
        config = TrainConfig(data_dir="", out_dir=str(tmp_path / run), sets=("majlis_corpus",))
        manifest = train(config)
        outputs.append(manifest)
    first, second = outputs
    assert first["metrics"] == second["metrics"]
    assert first["thresholds"] == second["thresholds"]
    a = np.load(tmp_path / "a" / "weights.npz", allow_pickle=False)
    b = np.load(tmp_path / "b" / "weights.npz", allow_pickle=False)
    assert all(np.array_equal(a[k], b[k]) for k in a.files)
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["training"]["sets"][0]["name"] == "majlis_corpus"
    assert manifest["training"]["nonpermissive_included"] is False
    clf = Classifier.from_artifact(tmp_path / "a")
    prediction = clf.predict([CommentInput("You are a brainless idiot.", "en")])[0]
    assert prediction.scores["personal_attack"] > 0.5


def _threshold_rows(specs: list[tuple[str, int, float]]) -> tuple:
    """(probabilities, labels, rows, splits) for ``choose_thresholds``: one dev row per
    (source, threat label, threat score); every other category unlabelled."""
    from classifier.datasets.base import Example
    from classifier.model import SCORED_CATEGORIES
    from classifier.train import Row

    k = SCORED_CATEGORIES.index("threat")
    probabilities = np.zeros((len(specs), len(SCORED_CATEGORIES)))
    labels, rows = [], []
    for i, (source, label, score) in enumerate(specs):
        probabilities[i, k] = score
        labels.append({"threat": label})
        example = Example(text=f"t{i}", lang="en", split="dev", should_reject=label)
        rows.append(Row(example=example, source=source, tokens=[]))
    return probabilities, labels, rows, np.array(["dev"] * len(specs))


def test_the_projects_own_violations_do_not_place_the_approve_threshold() -> None:
    from classifier.train import choose_thresholds

    real = [("civil_comments_sentences", 1, 0.05 + 0.009 * i) for i in range(100)]
    clean = [("civil_comments_sentences", 0, 0.01) for _ in range(100)]
    # unmistakable written threats would lift the 2nd percentile of violations a lot
    written = [("majlis_corpus", 1, 0.99) for _ in range(400)]
    alone = choose_thresholds(*_threshold_rows(real + clean))["approve"]["threat"]
    with_written = choose_thresholds(*_threshold_rows(real + clean + written))["approve"]["threat"]
    assert with_written == alone
    assert 0.05 <= alone < 0.07  # where the real violations start


def test_noisy_zeros_do_not_place_the_reject_threshold() -> None:
    from classifier.train import choose_thresholds

    clean = [("civil_comments_sentences", 0, 0.0001 * i) for i in range(1000)]
    noisy = [("civil_comments_toxic_spans", 0, 0.96) for _ in range(100)]
    positives = [("civil_comments_sentences", 1, 0.9) for _ in range(50)]
    thresholds = choose_thresholds(*_threshold_rows(clean + noisy + positives))
    assert thresholds["reject"]["threat"] == 0.85  # the floor, not the noisy zeros' 0.96
