from pathlib import Path

import pytest

from classifier.langid_eval import (
    EvalText,
    Throughput,
    _fragments,
    _mixed,
    evaluate_language_id,
    render,
    score,
)
from classifier.scripts import script_profile

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def item(text, lang, script="latn", slice_="clean"):
    return EvalText(text, lang, script, "test", slice_)


def test_score_counts_accuracy_and_confusions_per_slice_language_and_script():
    items = [item("a", "en"), item("b", "en"), item("c", "ckb", "arab"), item("d", "ckb", "latn")]
    table = score(items, ["en", "tr", "ckb", "kmr"])
    assert table[("clean", "en", "latn")].accuracy == 0.5
    assert table[("clean", "en", "latn")].confusions == {"tr": 1}
    assert table[("clean", "ckb", "all")].n == 2
    assert table[("clean", "ckb", "arab")].accuracy == 1.0


def test_render_marks_rows_below_the_bar():
    items = [item("a", "en")] * 10 + [item("b", "tr")] * 10
    table = score(items, ["en"] * 10 + ["tr"] * 9 + ["en"])
    markdown = render(table, speed=Throughput(wall=1000, cpu=2000))
    assert "| clean | en | latn | 10 | 100.0% |" in markdown
    assert "| clean | tr | latn | 10 | 90.0% ✗ | en 1 |" in markdown
    assert "2,000 texts per CPU-second" in markdown


def test_derived_slices_are_short_and_mixed():
    import random

    sentences = [item("one two three four five six seven eight nine ten", "kmr")]
    [fragment] = _fragments(sentences, random.Random(1))
    assert 2 <= len(fragment.text.split()) <= 7 and fragment.slice == "short"
    [mixed] = _mixed(sentences, random.Random(1))
    assert mixed.slice == "mixed" and mixed.lang == "kmr"
    assert script_profile(mixed.text).arabic > 0 or "٢٠٢٤" in mixed.text or "😂" in mixed.text


@pytest.mark.slow
@pytest.mark.skipif(not (DATA / "kurdish-lid").is_dir(), reason="shared data not present")
def test_full_evaluation_returns_a_table_and_metrics():
    evaluation = evaluate_language_id(data_dir=DATA, per_source=30, clean_per_variety=40)
    assert evaluation.markdown.startswith("### Language identification")
    slices = evaluation.metrics["slices"]
    for key in ("clean/ckb/arab", "clean/kmr/latn", "comments/en/latn", "short/ckb/all"):
        assert key in slices
    assert slices["clean/ar/arab"]["accuracy"] > 0.9
    assert evaluation.metrics["throughput_texts_per_cpu_s"] > 0


@pytest.mark.skipif(not (DATA / "kurdish-lid").is_dir(), reason="shared data not present")
def test_dev_set_is_carved_from_training_text_not_from_the_test_split():
    from classifier.datasets.kurdish_lid import load_sentences
    from classifier.langid_eval import build_dev_set

    dev = build_dev_set(DATA)
    assert {i.slice for i in dev} == {"clean", "comments", "short", "mixed"}
    test_split = {s.text for s in load_sentences(DATA, split="test")}
    assert not {i.text for i in dev if i.slice == "clean"} & test_split


def test_record_metrics_writes_accuracies_into_the_manifest(tmp_path):
    import json

    from classifier.langid_eval import record_metrics

    (tmp_path / "manifest.json").write_text(json.dumps({"kind": "language_identifier"}))
    metrics = {
        "slices": {"clean/en/latn": {"n": 3, "accuracy": 1.0, "confusions": {}}},
        "throughput_texts_per_s": 10,
        "throughput_texts_per_cpu_s": 12,
    }
    record_metrics(tmp_path, metrics)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["kind"] == "language_identifier"
    assert manifest["metrics"]["accuracy"] == {"clean/en/latn": 1.0}
    assert manifest["metrics"]["throughput_texts_per_s"] == 10


def test_a_comments_script_is_that_of_the_letters_the_model_reads():
    from classifier.langid_eval import _script_of_text

    # Twitter placeholders and links are Latin letters the model never sees
    assert _script_of_text("@USER @USER چرا؟!") == "arab"
    assert _script_of_text("RT @USER: https://t.co/x1 باشه") == "arab"
    assert _script_of_text("salam, in khabar dorost nist") == "latn"
    assert _script_of_text("🖕🖕🖕") == _script_of_text("@USER 😂 😂 @URL") == "none"


def test_comments_without_letters_are_counted_but_not_scored():
    items = [item("🤮🤮", "fa", "none", "comments"), item("merci", "fa", "latn", "comments")]
    table = score(items, ["other", "fa"])
    assert table[("comments", "fa", "all")].n == 1  # the emoji row stays out of the accuracy
    markdown = render(table, speed=Throughput(wall=1, cpu=1))
    assert "| comments | fa | latn | 1 | 100.0% |" in markdown
    assert "Not scored: 1 comments with no letters" in markdown
    assert "| comments | fa | none |" not in markdown


def test_the_projects_latin_script_comments_are_read_as_comments():
    from classifier.langid_eval import LATIN_SCRIPT_COMMENTS, _latin_script_own

    rows = list(_latin_script_own())
    assert LATIN_SCRIPT_COMMENTS.is_file() and len(rows) >= 400
    assert {r.lang for r in rows} == {"fa", "ckb", "kmr", "tr", "en"}
    assert sum(r.lang == "fa" for r in rows) >= 200
    assert {(r.script, r.slice, r.source) for r in rows} == {
        ("latn", "comments", "latin_script_own")
    }


def test_latin_script_evaluation_comments_never_train_language_id():
    from classifier.langid_eval import _latin_script_own
    from classifier.langid_train import supplement_texts

    evaluated = {r.text.strip().lower() for r in _latin_script_own()}
    trained = {t.text.strip().lower() for t in supplement_texts()}
    assert not evaluated & trained


@pytest.mark.skipif(not (DATA / "kurdish-lid").is_dir(), reason="shared data not present")
def test_relabelled_sentences_are_held_out_ones_scored_under_the_corrected_variety():
    from classifier.datasets.kurdish_lid import load_sentences
    from classifier.langid import LANG_CODES
    from classifier.langid_eval import build_eval_set, load_relabels, text_key

    relabels = load_relabels()
    assert len(relabels) >= 30
    held_out = {text_key(s.text): s for s in load_sentences(DATA, split="test")}
    for key, (filed, corrected) in relabels.items():
        assert key in held_out, key  # only the evaluation's gold is corrected
        assert held_out[key].lang == filed and corrected != filed and corrected in LANG_CODES
    clean = {text_key(i.text): i.lang for i in build_eval_set(DATA) if i.slice == "clean"}
    assert all(clean[key] == corrected for key, (_, corrected) in relabels.items())
