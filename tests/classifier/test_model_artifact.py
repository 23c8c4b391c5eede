"""Loading the shipped artifact, refusing bad ones, and the shape of predictions."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

from classifier import DEFAULT_ARTIFACT, ArtifactError, Classifier, CommentInput
from classifier.labels import ABUSE_TARGETS, CATEGORIES


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.from_artifact(DEFAULT_ARTIFACT)


def _copy_artifact(tmp_path: Path) -> Path:
    target = tmp_path / "artifact"
    shutil.copytree(DEFAULT_ARTIFACT, target)
    return target


def _edit_manifest(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    manifest = json.loads((path / "manifest.json").read_text())
    edit(manifest)
    (path / "manifest.json").write_text(json.dumps(manifest))


def test_default_artifact_is_small_and_loads_fast() -> None:
    size = sum(f.stat().st_size for f in DEFAULT_ARTIFACT.iterdir())
    assert size < 20 * 1024 * 1024
    start = time.perf_counter()
    Classifier.from_artifact(DEFAULT_ARTIFACT)
    assert time.perf_counter() - start < 2.0


def test_manifest_describes_the_model(clf: Classifier) -> None:
    manifest = clf.manifest
    assert tuple(manifest["labels"]) == CATEGORIES
    assert set(manifest["thresholds"]["reject"]) == set(CATEGORIES)
    assert set(manifest["thresholds"]["approve"]) == set(CATEGORIES)
    for category in CATEGORIES:
        thresholds = manifest["thresholds"]
        assert thresholds["approve"][category] < thresholds["reject"][category]
    sets = manifest["training"]["sets"]
    assert sets and all(s["rows"] > 0 and s["license_class"] == "permissive" for s in sets)
    assert manifest["training"]["nonpermissive_included"] is False
    assert manifest["languages"]["en"]["auto_decide"] is True
    assert clf.model_version == manifest["version"]


def test_loader_refuses_other_labels(tmp_path: Path) -> None:
    path = _copy_artifact(tmp_path)
    _edit_manifest(path, lambda m: m.update(labels=[*CATEGORIES[:-1], "spam"]))
    with pytest.raises(ArtifactError, match="labels"):
        Classifier.from_artifact(path)


def test_loader_refuses_missing_thresholds(tmp_path: Path) -> None:
    path = _copy_artifact(tmp_path)
    _edit_manifest(path, lambda m: m["thresholds"]["reject"].pop("threat"))
    with pytest.raises(ArtifactError, match="thresholds"):
        Classifier.from_artifact(path)


def test_loader_refuses_pickled_weights(tmp_path: Path) -> None:
    path = _copy_artifact(tmp_path)
    np.save(path / "weights.npz", np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    (path / "weights.npz.npy").rename(path / "weights.npz")
    with pytest.raises(ArtifactError):
        Classifier.from_artifact(path)


def test_loader_refuses_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(ArtifactError):
        Classifier.from_artifact(tmp_path / "nothing")


def test_prediction_contract(clf: Classifier) -> None:
    items = [
        CommentInput(text="You are an idiot.", lang="en"),
        CommentInput(
            text="The budget deal is late again.",
            lang="en",
            article_title="Budget talks stall",
            article_body="Erbil and Baghdad failed to agree on the budget.",
        ),
        CommentInput(text="", lang="en"),
    ]
    predictions = clf.predict(items)
    assert len(predictions) == 3
    first, second, empty = predictions
    assert "off_topic" not in first.scores  # no article: no guess
    assert set(first.scores) == set(CATEGORIES) - {"off_topic"}
    assert set(second.scores) == set(CATEGORIES)
    assert set(first.abuse_target) == set(ABUSE_TARGETS)
    assert all(0.0 <= p <= 1.0 for p in [*first.scores.values(), *first.abuse_target.values()])
    assert first.model_version == clf.model_version and first.lang == "en"
    attack = [s for s in first.spans if s.category == "personal_attack"]
    assert attack and items[0].text[attack[0].start : attack[0].end] == "idiot"
    assert empty.spans == [] and clf.decide(empty).decision != "reject"
    assert clf.predict([]) == []


def test_spans_point_into_the_original_text(clf: Classifier) -> None:
    text = "Honestly the minister is a F.U.C.K.I.N.G moron"
    prediction = clf.predict([CommentInput(text=text, lang="en")])[0]
    covered = {text[s.start : s.end] for s in prediction.spans}
    assert any("F.U.C.K.I.N.G" in c for c in covered)


def test_untrusted_language_goes_to_a_human(clf: Classifier) -> None:
    prediction = clf.predict([CommentInput(text="Dastman xosh bet", lang="ckb")])[0]
    verdict = clf.decide(prediction)
    assert verdict.decision == "review"
    assert "language_untrusted" in verdict.reasons


def test_off_topic_needs_an_article_and_spares_generic_comments(clf: Classifier) -> None:
    title = "Tigris water levels hit record low as farmers abandon fields"
    body = "Farmers near Mosul abandoned wheat fields after the river fell to a record low."
    texts = [
        "Farmers need irrigation help now that the river is so low.",
        "Thanks for the report.",
        "Does anyone know a good dentist in Sulaymaniyah? Mine retired.",
    ]
    on, generic, off = clf.predict([CommentInput(t, "en", title, body) for t in texts])
    assert on.scores["off_topic"] < 0.5
    assert generic.scores["off_topic"] < 0.5
    assert off.scores["off_topic"] > on.scores["off_topic"]


def test_a_headline_alone_is_too_little_to_reject_a_comment_as_off_topic(
    clf: Classifier,
) -> None:
    """A story the embed created knows only its title: an on-topic comment sharing no word
    with it must not be auto-rejected as off topic; under the whole article, off-topic chatter
    still is."""
    title = "US to cut troops in Iraq to 2,500 by January 15"
    body = (
        "The Pentagon will withdraw about 500 soldiers from Iraq by mid-January, leaving 2,500 "
        "troops at bases in Baghdad, Erbil and Anbar. Iraqi commanders say their army is ready."
    )
    on_topic = (
        "Four rockets an hour after the announcement says a lot about the Green Zone's safety."
    )
    chatter = "Anyone know a good recipe for lentil soup? Mine always turns out bland and watery."
    reject_at = clf.manifest["thresholds"]["reject"]["off_topic"]
    headline_only = clf.predict([CommentInput(t, "en", title, "") for t in (on_topic, chatter)])
    assert headline_only[0].scores["off_topic"] < reject_at
    assert clf.decide(headline_only[0]).decision != "reject"
    assert headline_only[1].scores["off_topic"] > 0.5  # still not waved through
    whole = clf.predict([CommentInput(chatter, "en", title, body)])[0]
    assert whole.scores["off_topic"] >= reject_at


def test_loader_refuses_a_relevance_model_of_another_shape(tmp_path: Path) -> None:
    target = _copy_artifact(tmp_path)

    def grow(manifest: dict) -> None:  # type: ignore[type-arg]
        manifest["relevance"]["headline"]["coef"].append(0.5)

    _edit_manifest(target, grow)
    with pytest.raises(ArtifactError, match="relevance"):
        Classifier.from_artifact(target)


def test_an_artifact_without_a_headline_model_still_loads(tmp_path: Path) -> None:
    target = _copy_artifact(tmp_path)
    _edit_manifest(target, lambda manifest: manifest["relevance"].pop("headline"))
    assert Classifier.from_artifact(target).relevance.headline is None


def test_scoring_matches_the_training_features(clf: Classifier) -> None:
    """The cached per-token scoring gives exactly what training saw: features @ weights."""
    from classifier import features as feats
    from classifier.model import HEAD_COLUMNS, calibrated_probabilities
    from classifier.normalize import normalize

    texts = [
        "You are an idiot, an idiot, an IDIOT!!",
        "The budget is late again. The budget is always late.",
        "Call +964 750 123 4567 or visit www.example-deals.com today",
        "ok",
    ]
    keys = [feats.token_keys(normalize(t)) for t in texts]
    head = clf.heads["en"]
    scored, _ = clf._score(head, keys)
    x = feats.documents_matrix(keys, clf.n_features)
    raw = np.asarray(x @ head.weights, dtype=np.float64) + head.bias
    expected = calibrated_probabilities(raw, head.calibration, head.combine)
    assert scored.shape == (len(texts), len(HEAD_COLUMNS))
    np.testing.assert_allclose(scored, expected, rtol=1e-4, atol=1e-6)


def test_a_repeated_token_does_not_pile_up(clf: Classifier) -> None:
    # OLID replaces user names with "@USER": 60 of them once scored vulgarity 1.0
    once, many = clf.predict(
        [CommentInput("@USER thanks", "en"), CommentInput("@USER " * 60 + "thanks", "en")]
    )
    assert max(many.scores.values()) < max(once.scores.values()) + 0.2
    assert clf.decide(many).decision != "reject"


def test_artifact_built_with_other_features_is_refused(tmp_path: Path) -> None:
    path = _copy_artifact(tmp_path)
    _edit_manifest(path, lambda m: m["features"].update(char_weight=0.123))
    with pytest.raises(ArtifactError, match="retrain"):
        Classifier.from_artifact(path)
