"""Peer adapters: how each peer's labels map onto the guideline categories; the protocol."""

from __future__ import annotations

import io
import json
import sys

import pytest
from _jigsaw import JIGSAW_LABELS, map_jigsaw, map_jigsaw_row
from _protocol import CATEGORIES, SHOULD_REJECT, check_scores, package_version, read_items, run
from better_profanity_adapter import map_contains_profanity
from hatesonar_adapter import map_hatesonar
from profanity_check_adapter import map_profane
from pyspam_classifier_adapter import map_spam as map_naive_bayes_spam
from pyspamdetector_adapter import map_spam as map_tfidf_spam

from classifier.labels import CATEGORIES as PROJECT_CATEGORIES
from peers.registry import PEERS, run_peer


def test_the_adapters_copy_of_the_categories_matches_the_project():
    assert CATEGORIES == PROJECT_CATEGORIES


def test_jigsaw_obscene_stands_for_profanity_and_vulgarity_and_reject_is_the_strongest_label():
    probabilities = dict.fromkeys(JIGSAW_LABELS, 0.1)
    probabilities.update(obscene=0.7, insult=0.4, threat=0.2, identity_hate=0.3)
    scores = map_jigsaw(probabilities)
    assert scores == {
        SHOULD_REJECT: 0.7,
        "profanity": 0.7,
        "vulgarity": 0.7,
        "threat": 0.2,
        "personal_attack": 0.4,
        "abuse": 0.3,
    }


def test_jigsaw_reject_score_takes_severe_toxic_into_account():
    probabilities = dict.fromkeys(JIGSAW_LABELS, 0.0)
    probabilities["severe_toxic"] = 0.9
    assert map_jigsaw(probabilities)[SHOULD_REJECT] == 0.9


def test_jigsaw_rows_follow_label_order_and_refuse_a_wrong_length():
    scores = map_jigsaw_row([0.5, 0.0, 0.0, 0.0, 0.8, 0.0])
    assert scores["personal_attack"] == 0.8
    assert scores[SHOULD_REJECT] == 0.8
    with pytest.raises(ValueError, match="expected 6"):
        map_jigsaw_row([0.5, 0.1])
    with pytest.raises(ValueError, match="missing Jigsaw labels: threat"):
        map_jigsaw({label: 0.1 for label in JIGSAW_LABELS if label != "threat"})


def test_hatesonar_reject_is_one_minus_neither():
    scores = map_hatesonar(hate_speech=0.15, offensive_language=0.6, neither=0.25)
    assert scores[SHOULD_REJECT] == pytest.approx(0.75)
    assert scores["abuse"] == 0.15
    assert scores["profanity"] == 0.6


def test_single_signal_peers_map_onto_their_one_category():
    assert map_profane(0.3) == {"profanity": 0.3, SHOULD_REJECT: 0.3}
    assert map_contains_profanity(True) == {"profanity": 1.0, SHOULD_REJECT: 1.0}
    assert map_contains_profanity(False) == {"profanity": 0.0, SHOULD_REJECT: 0.0}
    assert map_tfidf_spam(0.9) == {"promotion": 0.9, SHOULD_REJECT: 0.9}
    assert map_naive_bayes_spam(0.2) == {"promotion": 0.2, SHOULD_REJECT: 0.2}


def test_every_mapping_emits_only_known_keys():
    outputs = [
        map_jigsaw(dict.fromkeys(JIGSAW_LABELS, 0.5)),
        map_hatesonar(0.2, 0.3, 0.5),
        map_profane(0.5),
        map_contains_profanity(True),
        map_tfidf_spam(0.5),
        map_naive_bayes_spam(0.5),
    ]
    for scores in outputs:
        assert check_scores(scores) == scores


def test_a_mapping_typo_is_refused():
    with pytest.raises(ValueError, match="personal_atack"):
        check_scores({"personal_atack": 0.5})


def test_read_items_names_the_bad_line():
    stream = io.StringIO('{"id": "a", "text": "fine"}\n\n{"id": "b"}\n')
    items = read_items(stream)
    assert next(items) == {"id": "a", "text": "fine"}
    with pytest.raises(SystemExit, match="input line 3"):
        next(items)


def test_run_scores_in_batches_keeps_order_and_reports_timing(tmp_path, monkeypatch):
    source = tmp_path / "in.jsonl"
    target = tmp_path / "out.jsonl"
    texts = ["short", "a much longer comment", "mid size", "x"]
    source.write_text(
        "".join(json.dumps({"id": f"t{i}", "text": t}) + "\n" for i, t in enumerate(texts))
    )
    seen_batches: list[int] = []

    def score_batch(scale, batch):
        seen_batches.append(len(batch))
        return [{"profanity": min(1.0, len(text) / scale)} for text in batch]

    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    run(
        "length-peer",
        lambda: 30.0,
        score_batch,
        argv=["--input", str(source), "--output", str(target), "--batch-size", "3"],
    )
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["t0", "t1", "t2", "t3"]
    assert lines[1]["scores"]["profanity"] == pytest.approx(len(texts[1]) / 30.0)
    assert seen_batches == [3, 1]
    summary = json.loads(stdout.getvalue().strip().splitlines()[-1])["summary"]
    assert summary["peer"] == "length-peer"
    assert summary["n"] == 4
    assert summary["output"] == "probability"
    assert summary["score_seconds"] >= 0


def test_run_refuses_a_peer_that_drops_texts(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "a"}\n{"id": 2, "text": "b"}\n')
    with pytest.raises(RuntimeError, match="1 results for 2 texts"):
        run(
            "lossy-peer",
            lambda: None,
            lambda _model, batch: [{"profanity": 0.0}],
            argv=["--input", str(source), "--output", str(tmp_path / "out.jsonl")],
        )


# The real peers, in their own virtualenvs: run only where bench/peers/setup.sh has built them.
def _installed(name):
    peer = next(p for p in PEERS if p.name == name)
    if not peer.installed:
        pytest.skip(f"{name} not installed (bench/peers/setup.sh {peer.venv})")
    return peer


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("alt-profanity-check", "profanity"),
        ("profanity-check", "profanity"),
        ("hatesonar", "profanity"),
        ("better-profanity", "profanity"),
    ],
)
def test_real_profanity_peers_rank_swearing_above_news_talk(tmp_path, name, category):
    peer = _installed(name)
    items = [
        {"id": "rude", "text": "shut the fuck up you stupid piece of shit"},
        {"id": "calm", "text": "The parliament will vote on the budget next Tuesday."},
    ]
    result = run_peer(peer, items, tmp_path, timeout=120)
    assert result.status == "ok", result.error
    assert result.scores["rude"][category] > result.scores["calm"][category]
    assert result.n == 2


@pytest.mark.slow
def test_real_spam_peer_ranks_an_advert_above_news_talk(tmp_path):
    peer = _installed("pyspam-classifier")
    items = [
        {"id": "ad", "text": "WIN a FREE prize now! Call 09061701461 or text CLAIM to 87121"},
        {"id": "calm", "text": "The parliament will vote on the budget next Tuesday."},
    ]
    result = run_peer(peer, items, tmp_path, timeout=120)
    assert result.status == "ok", result.error
    assert result.scores["ad"]["promotion"] > result.scores["calm"]["promotion"]


def test_package_version_reads_installed_metadata_and_tolerates_unknown_names():
    import pytest as installed

    assert package_version("pytest") == installed.__version__
    assert package_version("no-such-distribution-majlis") == ""
