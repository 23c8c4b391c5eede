import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from classifier import evaluate
from classifier.datasets import DatasetSpec, Example, LicenseClass
from classifier.report import FAIL, MISSING, PASS, check_bars, write_report

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ARTIFACT = ROOT / "src" / "classifier" / "artifacts" / "default"


@dataclass
class Scored:
    """The fields of ``classifier.Prediction`` that evaluation reads."""

    scores: dict[str, float]
    abuse_target: dict[str, float] = field(default_factory=dict)
    lang: str | None = "en"


class WordListModel:
    """A tiny but real scorer for harness tests: probability rises with listed words."""

    manifest = {"version": "test-0", "thresholds": {"reject": {"profanity": 0.5, "abuse": 0.5}}}
    words = {"damn": "profanity", "vermin": "abuse"}

    def predict(self, items):
        out = []
        for item in items:
            tokens = item["text"].lower().split()
            scores = {"profanity": 0.05, "abuse": 0.05, "threat": 0.01}
            for token in tokens:
                if token in self.words:
                    scores[self.words[token]] = 0.9
            out.append(Scored(scores, {"religion": 0.7, "gender": 0.3}, item["lang"] or "en"))
        return out

    def decide(self, prediction):
        if max(prediction.scores.values()) >= 0.5:
            return ("reject", ["x"])
        return "approve" if max(prediction.scores.values()) < 0.1 else "review"


def spec_of(rows, *, name="toy", license_class=LicenseClass.RESEARCH, categories=("profanity",)):
    return DatasetSpec(
        name=name,
        license_class=license_class,
        languages=("en",),
        categories=categories,
        domain="news comments",
        load=lambda data_dir: iter(rows),
    )


def ex(text, reject, split="test", **labels):
    return Example(text=text, lang="en", split=split, labels=labels, should_reject=reject)


TOY_ROWS = [
    ex("damn this", 1, profanity=1),
    ex("damn again", 1, profanity=1),
    ex("a calm reply", 0, profanity=0),
    ex("another calm reply", 0, profanity=0),
    ex("nice point", 0, profanity=0),
    ex("they are vermin", 1),
]


def test_permissive_sets_are_scored_on_their_test_split_only():
    rows = [ex("a", 0, split="train"), ex("b", 1, split="test"), ex("c", 0, split="dev")]
    permissive = spec_of(rows, license_class=LicenseClass.PERMISSIVE)
    research = spec_of(rows)
    assert [r.text for r in evaluate.evaluation_rows(permissive, rows)] == ["b"]
    assert len(evaluate.evaluation_rows(research, rows)) == 3


def test_unlabelled_rows_are_not_evaluated():
    rows = [Example(text="x", lang="en", split="test"), ex("y", 0)]
    assert [r.text for r in evaluate.evaluation_rows(spec_of(rows), rows)] == ["y"]


def test_subsample_is_seeded_in_order_and_keeps_small_sets_whole():
    rows = [ex(str(i), i % 2) for i in range(100)]
    first = evaluate.subsample(rows, 10, seed=1)
    assert first == evaluate.subsample(rows, 10, seed=1)
    assert first != evaluate.subsample(rows, 10, seed=2)
    assert [int(r.text) for r in first] == sorted(int(r.text) for r in first)
    assert evaluate.subsample(rows, 1000, seed=1) == rows
    assert evaluate.subsample(rows, None, seed=1) == rows


@pytest.mark.parametrize(
    ("result", "label"),
    [
        ("reject", "reject"),
        (("review", ["needs_review"]), "review"),
        (type("D", (), {"decision": "approve", "reasons": []})(), "approve"),
        ({"decision": "reject"}, "reject"),
    ],
)
def test_decision_label_reads_every_shape(result, label):
    assert evaluate.decision_label(result) == label


def test_decision_label_refuses_unknown_shapes():
    with pytest.raises(TypeError):
        evaluate.decision_label(42)


def test_should_reject_score_is_max_without_off_topic():
    prediction = Scored({"off_topic": 0.99, "profanity": 0.2, "threat": 0.4})
    assert evaluate.should_reject_score(prediction) == 0.4
    assert evaluate.should_reject_score(prediction, include_off_topic=True) == 0.99
    with pytest.raises(ValueError):
        evaluate.should_reject_score(Scored({"off_topic": 0.5}))


def test_decision_rates_split_by_label():
    rates = evaluate.decision_rates(
        [0, 0, 0, 0, 1, 1], ["reject", "approve", "approve", "review", "approve", "reject"]
    )
    assert rates.false_reject_rate == 0.25
    assert rates.acceptable_approved == 0.5
    assert rates.acceptable_review == 0.25
    assert rates.violating_rejected == 0.5
    assert rates.violating_approved == 0.5


def test_score_set_computes_categories_overall_and_targets():
    rows = [
        *TOY_ROWS,
        Example("calm", "en", "test", {"abuse": 0}, 0),
        Example("jews are vermin", "en", "test", {"abuse": 1}, 1, abuse_target="religion"),
    ]
    spec = spec_of(rows, categories=("profanity", "abuse", "promotion"))
    model = WordListModel()
    predictions = model.predict([{"text": r.text, "lang": None} for r in rows])
    decisions = [evaluate.decision_label(model.decide(p)) for p in predictions]
    result = evaluate.score_set(spec, rows, predictions, decisions, {"profanity": 0.5})
    profanity = result.categories["profanity"].report
    assert profanity is not None
    assert (profanity.n, profanity.positives, profanity.roc_auc, profanity.f1) == (5, 2, 1.0, 1.0)
    assert result.categories["abuse"].report.roc_auc == 1.0
    assert result.categories["abuse"].report.f1 is None  # no shipped threshold given
    assert result.categories["promotion"].skipped == "no labelled rows"
    assert result.should_reject.roc_auc == 1.0
    assert result.decisions.false_reject_rate == 0.0
    assert result.decisions.violating_rejected == 1.0
    assert result.abuse_target_accuracy == 1.0 and result.abuse_target_rows == 1
    assert result.language_agreement == 1.0


def test_score_set_reports_a_category_the_model_does_not_score():
    rows = [ex("a", 0, off_topic=0), ex("b", 1, off_topic=1)]
    spec = spec_of(rows, categories=("off_topic",))
    predictions = [Scored({"profanity": 0.1}), Scored({"profanity": 0.9})]
    result = evaluate.score_set(spec, rows, predictions, ["approve", "reject"], {})
    assert result.categories["off_topic"].skipped == "model gives no score"


def test_score_set_refuses_misaligned_inputs():
    with pytest.raises(ValueError):
        evaluate.score_set(spec_of(TOY_ROWS), TOY_ROWS, [], [], {})


def test_evaluate_spec_runs_a_model_in_batches_and_writes_a_report(tmp_path):
    spec = spec_of(TOY_ROWS, name="c3_constructive_comments")
    rows, available = evaluate.load_rows(spec, "unused", limit=5, seed=3)
    result = evaluate.evaluate_spec(
        WordListModel(),
        spec,
        rows,
        make_input=lambda example, given, with_article: {"text": example.text, "lang": None},
        rows_available=available,
        batch_size=2,
        progress=False,
    )
    assert (result.rows_evaluated, result.rows_available, result.subsampled) == (5, 6, True)
    assert result.comments_per_second and result.comments_per_second > 0

    langid = {
        "notes": "toy",
        "tables": [{"title": "accuracy", "columns": ["lang", "acc"], "rows": [["ckb", 0.97]]}],
    }
    manifest = {**WordListModel.manifest, "experiments": [{"name": "tfidf", "c3_auc": 0.91}]}
    report = write_report(
        tmp_path,
        [result],
        manifest=manifest,
        skipped={"empty": "no evaluation rows"},
        langid=langid,
        settings={"artifact": "toy", "limit": 5, "seed": 1, "given_lang": False},
    )
    text = report.read_text()
    assert "model `test-0`" in text
    assert "| c3_constructive_comments | should-reject ROC-AUC | ≥ 0.9 |" in text
    assert "5 of 6" in text and "tfidf" in text and "| ckb | 0.97 |" in text
    assert "empty (no evaluation rows)" in text
    for png in ("sets.png", "pr_english.png", "calibration.png"):
        assert (tmp_path / png).stat().st_size < 200_000
        assert f"]({png})" in text
    assert not (tmp_path / "pr_other.png").exists()
    payload = json.loads((tmp_path / "metrics.json").read_text())
    assert payload["model_version"] == "test-0"
    assert payload["sets"][0]["rows_evaluated"] == 5
    assert "pr_curve" not in payload["sets"][0]


def test_report_without_langid_says_so(tmp_path):
    report = write_report(
        tmp_path, [], manifest={}, skipped={}, langid=None, settings={"artifact": "x"}
    )
    assert "Not available" in report.read_text()


def _result_with(name, languages, auc, frr=None):
    rows = [ex("a", 0), ex("b", 1)]
    spec = DatasetSpec(name, LicenseClass.RESEARCH, languages, (), "tweets", lambda d: iter(rows))
    low, high = (0.2, 0.8) if auc == 1.0 else (0.8, 0.2)
    decisions = ["reject" if frr else "approve", "reject"]
    return evaluate.score_set(
        spec, rows, [Scored({"abuse": low}), Scored({"abuse": high})], decisions, {}
    )


def test_bars_pass_fail_and_missing():
    results = [
        _result_with("c3_constructive_comments", ("en",), 1.0, frr=0.5),
        _result_with("ar-lhsab", ("ar",), 0.0),
        _result_with("fa-parsoffensive", ("fa",), 1.0),
        _result_with("olid", ("en",), 0.0),
    ]
    outcomes = {(b.data_set, b.metric): b.outcome for b in check_bars(results)}
    assert outcomes[("c3_constructive_comments", "should-reject ROC-AUC")] == PASS
    assert outcomes[("c3_constructive_comments", "false-reject rate (auto)")] == FAIL
    assert outcomes[("hatexplain_valtest", "should-reject ROC-AUC")] == MISSING
    assert outcomes[("ar-lhsab", "should-reject ROC-AUC")] == FAIL
    assert outcomes[("fa-parsoffensive", "should-reject ROC-AUC")] == PASS
    assert ("olid", "should-reject ROC-AUC") not in outcomes


def test_command_line_arguments():
    parser = argparse.ArgumentParser()
    evaluate.add_arguments(parser)
    args = parser.parse_args(["--sets", "olid", "ethos", "--limit", "50", "--report", "out"])
    assert args.sets == ["olid", "ethos"] and args.limit == 50 and args.report == "out"
    assert args.given_lang is False
    with pytest.raises(SystemExit):
        evaluate.select_specs(["no-such-set"])


def test_a_namespace_from_a_smaller_parser_gets_the_other_defaults():
    args = argparse.Namespace(data="d", artifact="a", report="r")
    evaluate._fill_defaults(args)
    assert (args.data, args.sets, args.limit, args.given_lang) == ("d", None, 12_000, False)


@pytest.mark.slow
@pytest.mark.skipif(
    not (DEFAULT_ARTIFACT / "manifest.json").exists(), reason="no shipped artifact yet"
)
def test_main_evaluates_the_shipped_artifact_end_to_end(tmp_path):
    data = ROOT.parent / "shared" / "data"
    parser = argparse.ArgumentParser()
    evaluate.add_arguments(parser)
    args = parser.parse_args(
        [
            "--data",
            str(data),
            "--artifact",
            str(DEFAULT_ARTIFACT),
            "--report",
            str(tmp_path),
            "--sets",
            "ethos",
            "ar-lhsab",
            "--limit",
            "200",
            "--no-langid",
        ]
    )
    assert evaluate.main(args) == 0
    payload = json.loads((tmp_path / "metrics.json").read_text())
    results = {s["name"]: s for s in payload["sets"]}
    assert set(results) == {"ethos", "ar-lhsab"}
    for result in results.values():
        assert result["rows_evaluated"] == 200
        assert 0.5 < result["should_reject"]["roc_auc"] <= 1.0
    # Both are scored by words alone (the server's first pass) too: Arabic is refined by the
    # multilingual meaning, English by the cascade's transformer
    assert 0.5 < results["ar-lhsab"]["words_only"]["roc_auc"] <= 1.0
    assert 0.5 < results["ethos"]["words_only"]["roc_auc"] <= 1.0
    section = (tmp_path / "report.md").read_text().split("## Words alone and with meaning")[1]
    table = section.split("\n## ")[0]
    assert "| ar-lhsab | 200 |" in table and "| ethos | 200 |" in table


def test_report_states_per_language_trust(tmp_path):
    results = [_result_with("ar-lhsab", ("ar",), 1.0), _result_with("olid", ("en",), 0.0)]
    manifest = {"languages": {"en": {"auto_decide": True}, "ar": {"auto_decide": False}}}
    text = write_report(
        tmp_path, results, manifest=manifest, skipped={}, langid=None, settings={}
    ).read_text()
    assert "| en | yes | olid | 0.000 | 0.000 |" in text
    assert "| ar | no (human queue) | ar-lhsab | 1.000 | 1.000 |" in text
    assert "| ckb | not in manifest | – |" in text


def test_language_id_section_reads_the_language_engineers_result(monkeypatch):
    import types

    @dataclass
    class LangidEvaluation:
        markdown: str
        metrics: dict

    module = types.ModuleType("classifier.langid_eval")
    module.evaluate_language_id = lambda *, data_dir: LangidEvaluation(f"| {data_dir} |", {"n": 1})
    monkeypatch.setitem(__import__("sys").modules, "classifier.langid_eval", module)
    assert evaluate.language_id_section("d") == {"markdown": "| d |", "metrics": {"n": 1}}

    def broken(*, data_dir):
        raise FileNotFoundError("langid/manifest.json")

    module.evaluate_language_id = broken
    assert "failed: FileNotFoundError" in evaluate.language_id_section("d")["notes"]


def test_articles_reach_the_model_only_where_the_set_labels_relevance():
    seen = []

    def make_input(example, given_lang, with_article):
        seen.append(with_article)
        return {"text": example.text, "lang": example.lang if given_lang else None}

    rows = [Example("damn", "en", "test", {"off_topic": 0}, 1, article_title="t")]
    for categories, expected in ((("off_topic",), True), (("profanity",), False)):
        evaluate.evaluate_spec(
            WordListModel(),
            spec_of(rows, categories=categories),
            rows,
            make_input=make_input,
            progress=False,
        )
        assert seen.pop() is expected


def test_sets_in_several_languages_are_also_scored_per_language(tmp_path):
    rows = [
        Example("damn", "ckb", "test", {}, 1),
        Example("calm", "ckb", "test", {}, 0),
        Example("damn", "kmr", "test", {}, 0),
        Example("calm", "kmr", "test", {}, 1),
    ]
    spec = DatasetSpec(
        "kurdish_own",
        LicenseClass.HELD_FOR_EVALUATION,
        ("ckb", "kmr"),
        (),
        "news comments",
        lambda d: iter(rows),
    )
    model = WordListModel()
    predictions = model.predict([{"text": r.text, "lang": r.lang} for r in rows])
    result = evaluate.score_set(spec, rows, predictions, ["review"] * 4, {})
    assert result.by_language["ckb"].roc_auc == 1.0
    assert result.by_language["kmr"].roc_auc == 0.0
    assert result.should_reject.roc_auc == 0.5
    text = write_report(
        tmp_path, [result], manifest={}, skipped={}, langid=None, settings={}
    ).read_text()
    assert "| kurdish_own | ckb | 2 | 1 | 1.000 |" in text


def test_length_buckets_split_scores_by_label():
    texts = ["short one", "word " * 30, "word " * 70, "tiny"]
    buckets = evaluate.length_buckets(texts, [0, 1, 0, 1], [0.1, 0.8, 0.6, 0.3])
    assert [b.bucket for b in buckets] == ["under 20 words", "20-59 words", "60+ words"]
    short, middle, long = buckets
    assert (short.acceptable, short.acceptable_mean_score) == (1, 0.1)
    assert (short.violating, short.violating_mean_score) == (1, 0.3)
    assert middle.acceptable == 0 and middle.acceptable_mean_score is None
    assert long.acceptable_mean_score == 0.6


def test_report_shows_the_style_check_for_news_comment_sets(tmp_path):
    spec = spec_of(TOY_ROWS)  # domain "news comments"
    model = WordListModel()
    predictions = model.predict([{"text": r.text, "lang": None} for r in TOY_ROWS])
    result = evaluate.score_set(spec, TOY_ROWS, predictions, ["review"] * len(TOY_ROWS), {})
    text = write_report(
        tmp_path, [result], manifest={}, skipped={}, langid=None, settings={}
    ).read_text()
    assert "| toy | under 20 words | 3 | 0.050 | 3 | 0.900 |" in text
