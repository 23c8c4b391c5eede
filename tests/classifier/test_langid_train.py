import random

from classifier.langid import LANG_CODES, MODEL_CLASSES
from classifier.langid_train import TrainingText, augment, supplement_texts


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
