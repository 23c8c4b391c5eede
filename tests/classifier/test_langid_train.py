import json
import random
from pathlib import Path

import pytest

from classifier.langid import LANG_CODES, MODEL_CLASSES, FeatureConfig
from classifier.langid_train import (
    TrainingText,
    _persian_swear_words,
    augment,
    char_cut,
    dev_texts,
    is_dev,
    mislabelled_kurdish,
    supplement_texts,
    training_texts,
)

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_supplement_is_well_formed_and_covers_what_kurdish_lid_lacks():
    rows = supplement_texts()
    assert {r.lang for r in rows} <= set(MODEL_CLASSES)
    assert {r.lang for r in rows} >= set(LANG_CODES)
    latin_sorani = [r for r in rows if r.lang == "ckb" and r.text.isascii()]
    assert len(latin_sorani) >= 50
    assert all(r.text.strip() for r in rows)


def test_augment_adds_keyboard_spellings_and_short_fragments():
    rows = [
        TrainingText("Pêşmerge û xelkê gundê me gelek westiyane îro", "kmr", "t"),
        TrainingText("ئەمڕۆ کارەبا لە گەڕەکەکەمان نەبوو بۆ ماوەی دوازدە کاتژمێر", "ckb", "t"),
        TrainingText("مردم این روستا از کمبود آب شکایت دارند", "fa", "t"),
    ]
    out = augment(rows * 20, random.Random(3))
    texts = {r.text for r in out}
    assert any(r.source == "t+fragment" and len(r.text.split()) <= 7 for r in out)
    assert "peshmerge u xelke gunde me gelek westiyane iro" in texts
    assert "مردم اين روستا از كمبود آب شكايت دارند" in texts  # Arabic-keyboard Persian
    assert all(r.lang in {"kmr", "ckb", "fa"} for r in out)


def test_char_cuts_are_opt_in_pieces_of_kurdish_lid_sentences():
    sentence = "ئەم رۆژا بورى ل دهوکێ کۆمبوونەک هاتە گرێدان بۆ گەنگەشەکرنا رەوشا ئاڤێ ل دەڤەرێ"
    rows = [
        TrainingText(sentence, "kmr", "kurdish_lid:kmr-arab"),
        TrainingText(sentence, "kmr", "t"),
    ]
    plain = augment(rows * 10, random.Random(5))
    cut = augment(rows * 10, random.Random(5), char_cuts=True)
    assert not any(r.source.endswith("+cut") for r in plain)
    pieces = [r for r in cut if r.source.endswith("+cut")]
    assert pieces and all(r.source == "kurdish_lid:kmr-arab+cut" for r in pieces)
    assert all(r.text in sentence and r.text != sentence for r in pieces)
    # cut at characters, not words: some piece ends inside a word
    words = set(sentence.split())
    assert any(r.text.split()[-1] not in words for r in pieces)
    assert char_cut("کورت", random.Random(1)) is None  # too short to cut


def test_supplement_has_informal_persian_and_arabic_script_kurmanji():
    rows = supplement_texts()
    persian = [r for r in rows if r.lang == "fa" and not r.text.isascii()]
    badini = [r for r in rows if r.lang == "kmr" and not r.text.isascii()]
    assert len(persian) >= 150 and len(badini) >= 200
    assert len({r.text for r in rows}) == len(rows)  # no line twice


def test_dev_split_is_stable_and_about_fifteen_percent():
    texts = [f"sentence number {i}" for i in range(4000)]
    share = sum(map(is_dev, texts)) / len(texts)
    assert 0.12 < share < 0.18
    assert [is_dev(t) for t in texts[:50]] == [is_dev(t) for t in texts[:50]]


def test_persian_swear_words_are_read_as_short_persian_text(tmp_path):
    folder = tmp_path / "fa-persian-swear-words"
    folder.mkdir()
    (folder / "data.json").write_text(
        json.dumps({"word": ["خفه شو", " خفه  شو ", "ک", "بیشعور"]}), encoding="utf-8"
    )
    rows = list(_persian_swear_words(tmp_path))
    assert [r.text for r in rows] == ["خفه شو", "بیشعور"]
    assert {r.lang for r in rows} == {"fa"}


def test_misfiled_kurdish_sentences_are_found_out_of_fold():
    rows = supplement_texts()
    sorani = [r.text for r in rows if r.lang == "ckb" and not r.text.isascii()]
    badini = [r.text for r in rows if r.lang == "kmr" and not r.text.isascii()]
    misfiled = badini[:6]  # Kurmanji sentences filed as Sorani
    texts = [TrainingText(t, "ckb", "kurdish_lid:ckb-arab") for t in sorani + misfiled]
    texts += [TrainingText(t, "kmr", "kurdish_lid:kmr-arab") for t in badini[6:]]
    texts += [TrainingText("hello there", "en", "civil_comments_toxic_spans")]
    flagged = mislabelled_kurdish(texts, FeatureConfig(tf="sqrt"))
    assert len(flagged & set(misfiled)) >= 4
    assert len(flagged - set(misfiled)) <= 0.05 * len(texts)
    assert "hello there" not in flagged


@pytest.mark.skipif(not (DATA / "kurdish-lid").is_dir(), reason="shared data not present")
def test_holding_out_the_dev_split_keeps_it_out_of_training():
    dev = {t.text for t in dev_texts(DATA)}
    kept = {t.text for t in training_texts(DATA, holdout_dev=True)}
    assert dev and not dev & kept
    assert all(is_dev(t) for t in dev)


def test_rows_per_script_counts_the_dominant_script_of_each_row():
    import numpy as np

    from classifier.langid_train import rows_per_script

    # columns: none, arab, latn, other letters
    counts = np.array([[2, 5, 1, 0], [1, 0, 4, 0], [3, 0, 0, 0], [0, 2, 2, 0]])
    assert rows_per_script(["ckb", "kmr", "en", "kmr"], counts) == {
        "arab": {"ckb": 1, "kmr": 1},
        "latn": {"kmr": 1},
        "none": {"en": 1},
    }


def test_misfiled_sentences_are_kept_dropped_or_trained_as_the_other_variety():
    from classifier.langid_train import handle_misfiled

    badini_in_sorani_file = TrainingText(
        "ئەڤ فلمە دێ ل دهۆکێ بهێتە نیشاندان", "ckb", "kurdish_lid:x"
    )
    sorani_in_kurmanji_file = TrainingText(
        "ئەم فیلمە لە هەولێر نمایش دەکرێت", "kmr", "kurdish_lid:y"
    )
    untouched = TrainingText("ئەمڕۆ باران دەبارێت", "ckb", "kurdish_lid:x")
    texts = [badini_in_sorani_file, sorani_in_kurmanji_file, untouched]
    flagged = {badini_in_sorani_file.text, sorani_in_kurmanji_file.text}

    assert handle_misfiled(texts, flagged, mode="keep") == texts
    assert handle_misfiled(texts, flagged, mode="drop") == [untouched]
    relabelled = handle_misfiled(texts, flagged, mode="relabel")
    assert [(t.text, t.lang) for t in relabelled] == [
        (badini_in_sorani_file.text, "kmr"),
        (sorani_in_kurmanji_file.text, "ckb"),
        (untouched.text, "ckb"),
    ]
    assert relabelled[0].source == "kurdish_lid:x+relabelled"
    with pytest.raises(ValueError, match="misfiled must be one of"):
        handle_misfiled(texts, flagged, mode="flip")
