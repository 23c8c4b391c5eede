from pathlib import Path

import pytest

from classifier.datasets import LicenseClass, get_spec
from classifier.datasets.kurdish_lid import load_sentences, split_of
from classifier.datasets.kurdish_own import load_articles, load_comments
from classifier.labels import ABUSE_TARGETS, CATEGORIES
from classifier.scripts import Script, script_profile

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_split_is_deterministic_and_roughly_one_in_five():
    texts = [f"sentence number {i}" for i in range(2000)]
    assert [split_of(t) for t in texts] == [split_of(t) for t in texts]
    share = sum(split_of(t) == "test" for t in texts) / len(texts)
    assert 0.15 < share < 0.25


@pytest.mark.skipif(not (DATA / "kurdish-lid").is_dir(), reason="shared data not present")
def test_kurdish_lid_splits_never_overlap():
    train = {s.text for s in load_sentences(DATA, split="train")}
    test = load_sentences(DATA, split="test")
    assert test and not any(s.text in train for s in test)
    assert {s.lang for s in test} == {"ckb", "kmr", "ar", "fa", "tr", "other"}
    assert {(s.lang, s.script) for s in test} >= {("ckb", "latn"), ("kmr", "arab")}


def test_own_kurdish_set_is_held_for_evaluation_only():
    spec = get_spec("kurdish_own")
    assert spec.license_class is LicenseClass.HELD_FOR_EVALUATION
    assert not spec.license_class.may_train
    assert get_spec("kurdish_lid").license_class is LicenseClass.PERMISSIVE


def test_own_kurdish_set_covers_both_varieties_both_scripts_and_every_category():
    comments = load_comments()
    assert len(comments) >= 190
    assert {(c.lang, c.script) for c in comments} == {
        ("ckb", "arab"),
        ("ckb", "latn"),
        ("kmr", "arab"),
        ("kmr", "latn"),
    }
    for category in CATEGORIES:
        assert sum(c.labels[category] for c in comments) >= 10, category
    hard = [c for c in comments if c.hard_acceptable]
    assert len(hard) >= 30 and all(c.should_reject == 0 for c in hard)
    kinds = {c.hard_acceptable for c in hard}
    assert kinds == {"political", "newsroom", "counter_speech", "violence_news", "sarcasm"}


def test_own_kurdish_set_is_consistent():
    articles = load_articles()
    ids = set()
    for c in load_comments():
        assert c.id not in ids
        ids.add(c.id)
        assert c.should_reject == int(any(c.labels.values()))
        assert (c.abuse_target is not None) == bool(c.labels["abuse"])
        assert c.abuse_target is None or c.abuse_target in ABUSE_TARGETS
        assert c.article is not None and c.article.id in articles
        expected = Script.ARABIC if c.script == "arab" else Script.LATIN
        assert script_profile(c.text).dominant is expected, c.id


def test_examples_carry_articles_for_relevance():
    examples = list(get_spec("kurdish_own").load("unused"))
    assert all(e.split == "test" and e.article_title for e in examples)
    assert {e.lang for e in examples} == {"ckb", "kmr"}
