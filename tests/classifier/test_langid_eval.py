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
