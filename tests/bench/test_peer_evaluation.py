"""Evaluation sets and the side-by-side table of bench/compare_peers.py."""

from __future__ import annotations

import pytest

from classifier.datasets import DatasetSpec, Example, LicenseClass
from peers.evaluation import (
    SHOULD_REJECT,
    Cell,
    EvalSet,
    Row,
    build_eval_set,
    evaluation_rows,
    labels_present,
    operating_point,
    render_operating_table,
    render_table,
    score_cell,
    subsample,
)


def _spec(license_class, rows, domain="news comments"):
    return DatasetSpec(
        name="fixture_set",
        license_class=license_class,
        languages=("en",),
        categories=("threat",),
        domain=domain,
        load=lambda _data_dir: iter(rows),
    )


ROWS = [
    Example(text="train row", lang="en", split="train", labels={"threat": 1}),
    Example(text="test row", lang="en", split="test", labels={"threat": 0}, should_reject=0),
    Example(text="ligne de test", lang="fr", split="test", labels={"threat": 1}),
    Example(text="dev row", lang="en", split="dev", labels={"threat": 1}, should_reject=1),
]


def test_training_sets_contribute_only_their_english_held_out_test_split():
    rows = evaluation_rows(_spec(LicenseClass.PERMISSIVE, ROWS), "unused")
    assert [row.text for row in rows] == ["test row"]


def test_evaluation_only_sets_contribute_every_english_row():
    for license_class in (
        LicenseClass.RESEARCH,
        LicenseClass.NON_COMMERCIAL,
        LicenseClass.HELD_FOR_EVALUATION,
    ):
        rows = evaluation_rows(_spec(license_class, ROWS), "unused")
        assert [row.text for row in rows] == ["train row", "test row", "dev row"]


def test_lexicons_and_project_written_text_are_not_peer_evaluation_sets():
    assert build_eval_set(_spec(LicenseClass.RESEARCH, ROWS, "lexicon"), "unused", None, 1) is None
    own = _spec(LicenseClass.PERMISSIVE, ROWS, "news comments written by the project")
    assert build_eval_set(own, "unused", None, 1) is None
    assert build_eval_set(_spec(LicenseClass.PERMISSIVE, ROWS), "unused", None, 1) is not None


def _examples(count):
    return [Example(text=f"row {i}", lang="en", split="test") for i in range(count)]


def test_subsample_is_seeded_and_its_prefixes_are_subsets():
    rows = _examples(50)
    first = subsample(rows, 20, seed=7, name="a")
    assert first == subsample(rows, 20, seed=7, name="a")
    assert first != subsample(rows, 20, seed=8, name="a")
    assert first != subsample(rows, 20, seed=7, name="b")
    assert subsample(rows, 5, seed=7, name="a") == first[:5]
    assert len(set(map(id, first))) == 20
    assert sorted(subsample(rows, None, seed=7, name="a"), key=lambda e: e.text) == sorted(
        rows, key=lambda e: e.text
    )


def test_labels_present_lists_categories_then_the_reject_label():
    assert labels_present(ROWS) == ("threat", SHOULD_REJECT)
    assert labels_present([Example(text="x", lang="en", split="test")]) == ()


def _eval_set(golds, label="threat"):
    examples = tuple(
        Example(text=f"t{i}", lang="en", split="test", labels={} if g is None else {label: g})
        for i, g in enumerate(golds)
    )
    return EvalSet("s", "research", "tweets", len(examples), examples, (label,))


def test_score_cell_is_roc_auc_over_rows_with_a_label_and_a_score():
    eval_set = _eval_set([1, 0, 1, 0, None])
    scores = {
        "s:0": {"threat": 0.9},
        "s:1": {"threat": 0.2},
        "s:2": {"threat": 0.1},  # a miss: ranks below one negative
        "s:3": {"threat": 0.3},
        "s:4": {"threat": 1.0},  # unlabelled: ignored
    }
    cell = score_cell(eval_set, "threat", scores, "auc")
    assert cell == Cell(metric="auc", value=pytest.approx(0.5), n=4, positives=2)


def test_score_cell_uses_only_the_rows_a_slow_peer_scored():
    eval_set = _eval_set([1, 0, 1, 0])
    cell = score_cell(eval_set, "threat", {"s:0": {"threat": 0.8}, "s:1": {"threat": 0.1}}, "auc")
    assert (cell.n, cell.positives, cell.value) == (2, 1, 1.0)


def test_score_cell_gives_f1_for_yes_no_answers_and_none_when_not_comparable():
    eval_set = _eval_set([1, 0, 1, 0])
    flags = {f"s:{i}": {"threat": v} for i, v in enumerate([1.0, 1.0, 0.0, 0.0])}
    cell = score_cell(eval_set, "threat", flags, "f1")
    assert cell.metric == "f1"
    assert cell.value == pytest.approx(0.5)
    assert score_cell(eval_set, "threat", {"s:0": {"profanity": 1.0}}, "auc") is None
    assert score_cell(eval_set, "threat", {}, "auc") is None


def test_undefined_auc_renders_as_not_available():
    assert Cell("auc", None, 3, 0).render() == "n/a"
    assert Cell("auc", 0.91234, 3, 1).render() == "0.912"
    assert Cell("f1", 0.5, 3, 1).render() == "F1 0.50"


def _row(majlis, peers):
    return Row(
        set_name="olid",
        label="profanity",
        n=100,
        positives=10,
        majlis_auc=Cell("auc", majlis, 100, 10),
        majlis_f1=Cell("f1", 0.4, 100, 10),
        peers=peers,
    )


def test_margin_compares_with_the_best_peer_auc_and_ignores_f1_cells():
    row = _row(
        0.90,
        {
            "a": Cell("auc", 0.80, 100, 10),
            "b": Cell("auc", 0.85, 100, 10),
            "c": Cell("f1", 0.99, 50, 5),
            "d": None,
        },
    )
    assert row.best_peer_auc == ("b", 0.85)
    assert row.margin == pytest.approx(0.05)
    assert _row(0.9, {"d": None}).margin is None


def test_table_bolds_the_best_peer_marks_subsets_and_blanks_incomparable_peers():
    row = _row(0.90, {"a": Cell("auc", 0.85, 100, 10), "c": Cell("f1", 0.5, 50, 5), "d": None})
    table = render_table([row], ["a", "c", "d"])
    header, rule, line = table.splitlines()
    assert header.count("|") == rule.count("|")
    assert "| olid | profanity | 100 (10) | 0.900 | F1 0.40 | **0.850** |" in line
    assert "F1 0.50 (n=50)" in line
    assert "| — |" in line
    assert line.endswith("| +0.050 |")


def test_operating_point_counts_rejected_violations_and_wrongly_rejected_acceptable_rows():
    eval_set = _eval_set([1, 1, 0, 0, 0, 0])
    scores = {f"s:{i}": {"threat": v} for i, v in enumerate([0.9, 0.2, 0.7, 0.1, 0.0, 0.4])}
    point = operating_point(eval_set, "threat", scores)
    assert point.recall == pytest.approx(0.5)
    assert point.false_reject_rate == pytest.approx(0.25)
    assert point.render() == "0.50 / 25.0%"
    assert operating_point(eval_set, "threat", {"s:0": {"abuse": 1.0}}) is None


def test_operating_table_has_a_row_per_two_class_set_and_marks_partial_scorers():
    eval_set = _eval_set([1, 0, 0, 0])
    full = {f"s:{i}": {"threat": v} for i, v in enumerate([1.0, 0.0, 1.0, 0.0])}
    partial = {"s:0": {"threat": 0.4}, "s:1": {"threat": 0.6}}
    table = render_operating_table([eval_set], [("Majlis", full), ("peer", partial)], "threat")
    lines = table.splitlines()
    assert lines[0] == "| set | n (violating) | Majlis | peer |"
    assert lines[2] == "| s | 4 (1) | 1.00 / 33.3% | 0.00 / 100.0% (n=2) |"
    one_class = _eval_set([0, 0])
    assert len(render_operating_table([one_class], [("Majlis", full)], "threat").splitlines()) == 2
