"""Loaders of the permissive sets: registry, license class, label mapping, stable held-out split."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from classifier.datasets import LicenseClass, all_specs
from classifier.datasets._common import split_for
from classifier.labels import ABUSE_TARGETS, CATEGORIES

DATA = Path(os.environ.get("MAJLIS_DATA", Path(__file__).resolve().parents[3] / "shared" / "data"))
PERMISSIVE = [
    "civil_comments_toxic_spans",
    "civil_comments_sentences",
    "davidson_hate_offensive",
    "implicit_hate",
    "toxigen_prompts",
    "youtube_spam",
    "sms_spam",
    "profanity_lexicons",
    "ar-mlma",
    "tr-offenseval2020",
    "tr-kufur-karaliste",
    "fa-persian-swear-words",
    "majlis_corpus",
]


def test_permissive_sets_are_registered_as_permissive() -> None:
    specs = all_specs()
    for name in PERMISSIVE:
        assert specs[name].license_class is LicenseClass.PERMISSIVE
        assert set(specs[name].categories) <= set(CATEGORIES)


def test_split_is_deterministic_and_about_20_percent_test() -> None:
    assert split_for("x", "42") == split_for("x", "42")
    counts = Counter(split_for("x", str(i)) for i in range(10_000))
    assert 0.18 < counts["test"] / 10_000 < 0.22
    assert 0.08 < counts["dev"] / 10_000 < 0.12


def test_project_corpus_loads_with_labels() -> None:
    examples = list(all_specs()["majlis_corpus"].load(""))
    assert len(examples) > 3000
    kinds = Counter(int(any(e.labels.values())) for e in examples)
    assert kinds[0] > kinds[1] > 500  # mostly acceptable news comments
    assert all(e.abuse_target in (None, *ABUSE_TARGETS) for e in examples)


def test_project_corpus_has_violations_and_hard_acceptable_comments_in_every_language() -> None:
    spec = all_specs()["majlis_corpus"]
    by_language = Counter(
        (e.lang, int(any(e.labels.values()))) for e in spec.load("") if e.lang != "en"
    )
    for lang in ("ckb", "kmr", "ar", "fa", "tr"):
        assert lang in spec.languages
        assert by_language[(lang, 1)] >= 50 and by_language[(lang, 0)] >= 50, lang


@pytest.mark.skipif(not DATA.exists(), reason="shared data directory not present")
@pytest.mark.parametrize("name", PERMISSIVE[:-1])
def test_loader_reads_the_shared_set(name: str) -> None:
    examples = list(all_specs()[name].load(str(DATA)))
    assert examples
    splits = Counter(e.split for e in examples)
    assert splits["train"] > 0 and splits["test"] > 0
    for example in examples[:500]:
        assert set(example.labels) <= set(CATEGORIES)
        assert all(v in (0, 1) for v in example.labels.values())
        assert example.abuse_target in (None, *ABUSE_TARGETS)
        assert example.text


@pytest.mark.skipif(not DATA.exists(), reason="shared data directory not present")
def test_civil_comments_mapping() -> None:
    examples = list(all_specs()["civil_comments_toxic_spans"].load(str(DATA)))
    attacks = sum(e.labels.get("personal_attack", 0) for e in examples)
    assert attacks == 8037  # SOURCE.md: personal_attack -> 8,037
    clean = [e for e in examples if e.should_reject == 0]
    assert clean and all(e.labels["abuse"] == 0 for e in clean)


@pytest.mark.skipif(not DATA.exists(), reason="shared data directory not present")
def test_offenseval_turkish_uses_the_official_test_split() -> None:
    examples = list(all_specs()["tr-offenseval2020"].load(str(DATA)))
    test = [e for e in examples if e.split == "test"]
    assert len(test) == 3528
    assert sum(e.should_reject for e in test if e.should_reject is not None) == 716


@pytest.mark.skipif(not DATA.exists(), reason="shared data directory not present")
def test_civil_comment_sentences_come_from_the_raters_spans() -> None:
    examples = list(all_specs()["civil_comments_sentences"].load(str(DATA)))
    clean = [e for e in examples if e.should_reject == 0]
    violating = [e for e in examples if e.should_reject == 1]
    # thousands of in-domain clean sentences, and typed violations
    assert len(clean) > 10_000 and len(violating) > 10_000
    assert all(not any(e.labels.values()) for e in clean)
    assert sum(e.labels.get("personal_attack", 0) for e in violating) > 8_000
    assert sum(e.labels.get("threat", 0) for e in violating) > 300
    # unmarked sentences with a doubtful word are left out rather than called clean
    words = [set(re.findall(r"[^\W_]+", e.text.lower())) for e in clean]
    assert not any({"idiot", "stupid", "moron"} & w for w in words)
    # every sentence of a post shares the post's split in the post-level set (no test leak)
    posts = {
        e.source_id: e.split for e in all_specs()["civil_comments_toxic_spans"].load(str(DATA))
    }
    assert all(e.split == posts[e.source_id.split(":")[0]] for e in examples[:2000])
    # a post whose every annotation is uninformative (both ticks, no span) gives nothing: the
    # uniform file counts such annotations as "not toxic" and so calls "He's such a clown" a 0
    assert not any(e.text.startswith("He's such a clown") for e in examples)


def test_sentence_splitting_keeps_offsets() -> None:
    from classifier.datasets.civil_comments_sentences import sentences

    text = "First one.  Second one!\nThird without end"
    parts = [text[a:b] for a, b in sentences(text)]
    assert parts == ["First one.", "Second one!", "Third without end"]
