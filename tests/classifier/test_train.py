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
