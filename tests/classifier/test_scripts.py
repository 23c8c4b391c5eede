import pytest
from hypothesis import given
from hypothesis import strategies as st

from classifier.scripts import (
    Script,
    fold,
    fold_arabic_script_char,
    fold_char,
    fold_text,
    is_arabic_script,
    script_of,
    script_profile,
)


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("ي", "ی"),
        ("ى", "ی"),
        ("ې", "ی"),
        ("ك", "ک"),
        ("ە", "ه"),
        ("ھ", "ه"),
        ("ة", "ه"),
        ("أ", "ا"),
        ("إ", "ا"),
        ("ڵ", "ل"),
        ("ڕ", "ر"),
    ],
)
def test_letter_variants_fold_to_one_form(variant, canonical):
    assert fold_arabic_script_char(variant) == canonical


def test_kurdish_vowels_stay_distinct():
    assert fold("کێر") != fold("کیر")  # Badini "knife" is not the vulgar word
    assert fold_arabic_script_char("ێ") == "ێ"
    assert fold_arabic_script_char("ۆ") == "ۆ"


def test_arabic_and_persian_spellings_of_a_word_fold_alike():
    assert fold("كلب") == fold("کلب")
    assert fold("حيوان") == fold("حیوان")
    assert fold("مدرسة") == fold("مدرسه")


def test_diacritics_tatweel_and_zwnj_are_removed():
    assert fold("كَلْبٌ") == fold("كلب")
    assert fold("كـــلب") == fold("كلب")
    assert fold("می\u200cخواهم") == "میخواهم"
    assert fold("\u200fسڵاو\u200e") == fold("سڵاو")


def test_arabic_indic_and_persian_digits_become_ascii():
    assert fold("٠٧٥٠١٢٣٤٥٦٧") == "07501234567"
    assert fold("۰۹۱۲") == "0912"
    assert fold("٣٫٥٪") == "3.5%"


def test_presentation_forms_decompose():
    assert fold("\ufefb") == "لا"  # lam-alef ligature
    assert fold("\ufe91") == "ب"  # beh initial form


def test_elongated_letters_are_squeezed_but_doubles_stay():
    assert fold("زۆۆۆۆۆر") == fold("زۆر")
    assert fold("soooo") == "so"
    assert fold("good") == "good"
    assert fold("بوو") == "بوو"
    assert fold("2000") == "2000"  # digits are not elongation


def test_latin_lookalikes_and_kurdish_diacritics_fold():
    assert fold("Ѕрам") == "spam"  # Cyrillic homoglyphs
    assert fold("ŞÊRÎN û ÇÎYA") == "serin u ciya"
    assert fold("ırk") == "irk"
    assert fold("İstanbul") == "istanbul"
    assert fold("ḧeł") == "hel"
    assert fold("ｆｕｌｌ") == "full"


def test_offsets_map_folded_spans_back_to_the_original():
    original = "ئەو كـــەسە ١٢"
    folded = fold_text(original)
    assert len(folded.offsets) == len(folded.text)
    start = folded.text.index("کهسه")
    begin, end = folded.span_to_original(start, start + len("کهسه"))
    assert original[begin:end] == "كـــەسە"
    digits = folded.text.index("12")
    assert original[slice(*folded.span_to_original(digits, digits + 2))] == "١٢"


@given(st.text(max_size=60))
def test_offsets_are_monotonic_and_in_range(text):
    folded = fold_text(text)
    assert len(folded.offsets) == len(folded.text)
    assert all(0 <= i < len(text) for i in folded.offsets)
    assert folded.offsets == sorted(folded.offsets)


@given(st.text(max_size=40))
def test_fold_is_idempotent(text):
    once = fold(text)
    assert fold(once) == once


def test_fold_char_keeps_other_text():
    assert fold_char("!") == "!"
    assert fold_char("😀") == "😀"
    assert fold_char("ж") == "ж"


def test_script_detection():
    assert is_arabic_script("ڵ") and is_arabic_script("٣")
    assert not is_arabic_script("a")
    assert script_of("ب") is Script.ARABIC
    assert script_of("ê") is Script.LATIN
    assert script_of("ж") is Script.OTHER
    assert script_of("7") is Script.NONE
    profile = script_profile("Kak Azad سڵاو 2024 😀")
    assert profile.latin == 7 and profile.arabic == 4 and profile.other == 0
    assert profile.dominant is Script.LATIN and profile.is_mixed
    assert script_profile("123 !!").dominant is Script.NONE
    assert not script_profile("سڵاو لە هەمووان").is_mixed


def test_every_arabic_script_code_point_folds_without_error():
    for code in [
        *range(0x0600, 0x0700),
        *range(0x0750, 0x0780),
        *range(0x0870, 0x0900),
        *range(0xFB50, 0xFE00),
        *range(0xFE70, 0xFF00),
    ]:
        folded = fold_char(chr(code))
        assert isinstance(folded, str) and len(folded) <= 20
