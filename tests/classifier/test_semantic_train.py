"""``python -m classifier.semantic_train`` end to end on a few rows, with the real encoder."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from classifier.semantic import SemanticScorer
from classifier.semantic_train import Row, choose_weights, fit, pick_weight
from classifier.train import LicenseRefused

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SMALL = {"tr-offenseval2020": 60, "ar-mlma": 20, "majlis_corpus": 60}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DATA.is_dir(), reason="shared/data not present"),
]


def test_fit_writes_a_self_describing_artifact_and_is_reproducible(tmp_path):
    cache = tmp_path / "cache"
    first = fit(data_dir=str(DATA), out=tmp_path / "a", cache=cache, caps=SMALL, other_cap=20)
    again = fit(data_dir=str(DATA), out=tmp_path / "b", cache=cache, caps=SMALL, other_cap=20)
    assert first["metrics"] == again["metrics"]
    with (
        np.load(tmp_path / "a" / "weights.npz") as a,
        np.load(tmp_path / "b" / "weights.npz") as b,
    ):
        assert np.array_equal(a["coef"], b["coef"])
        assert np.array_equal(a["threat_coef"], b["threat_coef"])
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in manifest["training"]["sets"]] == list(SMALL)
    assert {s["license_class"] for s in manifest["training"]["sets"]} == {"permissive"}
    assert manifest["language_weights"]["en"] == 0
    # too few dev rows of each kind here to choose a weight on them: the default, and said so
    assert manifest["language_weights"]["fa"] == 0.5
    assert manifest["metrics"]["language_weights"]["fa"]["weight"] == "default"
    scorer = SemanticScorer.from_artifact(tmp_path / "a")
    assert scorer.weight_for("tr") == manifest["language_weights"]["tr"] == 0.5
    # the threat head, on the rows that label threats; too few non-English dev rows to choose
    # its weight on: the default
    assert [h.category for h in scorer.category_heads] == ["threat"]
    assert manifest["metrics"]["category_heads"]["threat"]["weight"] == "default"
    assert scorer.category_heads[0].weight == manifest["category_heads"]["threat"]["weight"]


def test_fit_refuses_a_set_that_may_not_train_the_shipped_model(tmp_path):
    with pytest.raises(LicenseRefused, match="olid"):
        fit(data_dir=str(DATA), out=tmp_path / "x", cache=None, caps={"olid": 10})


def test_a_weight_must_beat_the_default_by_more_than_a_tie():
    assert pick_weight({0.0: 0.80, 0.25: 0.856, 0.5: 0.854, 0.75: 0.83}) == 0.5
    assert pick_weight({0.0: 0.87, 0.25: 0.875, 0.5: 0.865, 0.75: 0.81}) == 0.25
    assert pick_weight({0.0: 0.90, 0.25: 0.90, 0.5: 0.80, 0.75: 0.70}) == 0.0  # equals: smaller


def test_a_language_with_dev_rows_gets_the_weight_that_ranks_them_best():
    rng = np.random.default_rng(0)
    y = np.array([1] * 100 + [0] * 100)
    rows = [Row("t", lang, "dev", "s", int(v)) for lang in ("tr", "ar") for v in y]
    informative = np.where(y == 1, 0.8, 0.2) + rng.normal(0, 0.05, len(y))
    noise = rng.uniform(0.05, 0.95, len(y))
    # Turkish: the words know, the meaning guesses; Arabic: the other way round
    linear = np.clip(np.concatenate([informative, noise]), 0.01, 0.99)
    semantic = np.clip(np.concatenate([noise, informative]), 0.01, 0.99)
    weights, report = choose_weights(rows, semantic, linear)
    assert weights["tr"] == 0.0 and weights["ar"] == 0.75  # the largest weight in the grid
    assert report["ar"]["weight"] == "chosen on dev"
    assert weights["fa"] == 0.5 and report["fa"]["weight"] == "default"  # no dev rows
    assert weights["en"] == 0.0
