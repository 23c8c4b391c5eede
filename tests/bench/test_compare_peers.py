"""bench/compare_peers.py: rows of the side-by-side table, Majlis's side, the summaries."""

from __future__ import annotations

import pytest

from classifier.datasets import Example
from compare_peers import (
    DEFAULT_ARTIFACT,
    MajlisRun,
    ahead_summary,
    build_rows,
    decision_of,
    items_for,
    run_majlis,
    speed_table,
)
from peers.evaluation import SHOULD_REJECT, EvalSet
from peers.registry import PEERS, PeerRun


def _eval_set():
    examples = (
        Example(text="go to hell", lang="en", split="test", labels={"threat": 1}, should_reject=1),
        Example(text="nice report", lang="en", split="test", labels={"threat": 0}, should_reject=0),
        Example(text="meh", lang="en", split="test", labels={"threat": 0}, should_reject=0),
        Example(text="buy now", lang="en", split="test", labels={}, should_reject=1),
    )
    return EvalSet("toy", "research", "tweets", 4, examples, ("threat", SHOULD_REJECT))


def test_items_carry_set_scoped_ids_and_respect_a_per_set_limit():
    eval_set = _eval_set()
    assert items_for([eval_set])[1] == {"id": "toy:1", "text": "nice report"}
    assert [item["id"] for item in items_for([eval_set], limit=2)] == ["toy:0", "toy:1"]


def test_decision_of_accepts_a_verdict_tuple_a_string_or_an_object():
    assert decision_of(("reject", ["threat"])) == "reject"
    assert decision_of("approve") == "approve"

    class Verdict:
        decision = "review"

    assert decision_of(Verdict()) == "review"


def _scores(values, label="threat"):
    return {f"toy:{i}": {label: v, SHOULD_REJECT: v} for i, v in enumerate(values)}


def test_rows_put_majlis_and_every_working_peer_side_by_side():
    majlis = MajlisRun(status="ok", scores=_scores([0.9, 0.1, 0.2, 0.8]))
    majlis.flags = _scores([1.0, 0.0, 0.0, 0.0])
    good = PeerRun(PEERS[0], "ok", scores=_scores([0.6, 0.7, 0.1, 0.5]))
    broken = PeerRun(PEERS[1], "failed", error="boom")
    rows = build_rows([_eval_set()], majlis, [good, broken])
    assert [(row.label, row.n, row.positives) for row in rows] == [
        ("threat", 3, 1),
        (SHOULD_REJECT, 4, 2),
    ]
    threat = rows[0]
    assert threat.majlis_auc.value == 1.0
    assert threat.majlis_f1.value == 1.0
    assert threat.peers[PEERS[0].name].value == pytest.approx(0.5)
    assert PEERS[1].name not in threat.peers
    assert threat.margin == pytest.approx(0.5)


def test_labels_with_one_class_in_the_sample_are_left_out():
    eval_set = _eval_set()
    only_positive = EvalSet(
        "pos", "research", "tweets", 1, eval_set.examples[:1], ("threat", SHOULD_REJECT)
    )
    assert build_rows([only_positive], MajlisRun(status="no artifact"), []) == []


def test_ahead_summary_names_the_pairs_where_majlis_is_not_ahead():
    majlis = MajlisRun(status="ok", scores=_scores([0.9, 0.1, 0.5, 0.3]))
    peer = PeerRun(PEERS[0], "ok", scores=_scores([0.9, 0.1, 0.2, 0.95]))
    summary = ahead_summary(build_rows([_eval_set()], majlis, [peer]))
    assert summary.startswith("Majlis ROC-AUC is ahead of the best peer on 0 of 2")
    assert "toy / threat (+0.000)" in summary
    assert "toy / reject (any) (-0.250)" in summary


def test_speed_table_reports_failures_with_their_reason():
    runs = [PeerRun(PEERS[-1], "failed", error="URLError: no network | offline")]
    table = speed_table(MajlisRun(status="no artifact at x"), runs)
    assert "| detoxify | failed: URLError: no network / offline |" in table
    assert "no artifact at x" in table


def test_majlis_without_an_artifact_says_so(tmp_path):
    run = run_majlis(tmp_path, [{"id": "a", "text": "x"}], batch_size=8)
    assert run.status.startswith("no artifact")
    assert run.scores == {}


@pytest.mark.skipif(
    not (DEFAULT_ARTIFACT / "manifest.json").exists(), reason="default artifact not built yet"
)
def test_majlis_reject_score_is_its_strongest_category_and_flags_follow_thresholds():
    items = [
        {"id": "a", "text": "You are a worthless idiot and I will find you."},
        {"id": "b", "text": "The minister's budget plan ignores rural schools."},
    ]
    run = run_majlis(DEFAULT_ARTIFACT, items, batch_size=8)
    assert run.status == "ok"
    assert run.n == 2
    for item in items:
        scores = run.scores[item["id"]]
        assert "off_topic" not in scores
        categories = {k: v for k, v in scores.items() if k != SHOULD_REJECT}
        assert scores[SHOULD_REJECT] == max(categories.values())
        assert set(run.flags[item["id"]].values()) <= {0.0, 1.0}
    assert run.scores["a"][SHOULD_REJECT] > run.scores["b"][SHOULD_REJECT]
