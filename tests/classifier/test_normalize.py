"""Normalisation defeats evasions, keeps innocent words, and maps back to the original text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classifier.normalize import normalize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("F.U.C.K you", "fuck you"),
        ("f u c k off", "fuck off"),
        ("f-u-c-k", "fuck"),
        ("Ｆｕｃｋ", "fuck"),  # full-width
        ("ѕhіt", "shit"),  # Cyrillic look-alikes
        ("sh1t", "shit"),
        ("b!tch", "bitch"),
        ("a$$hole", "asshole"),
        ("f*ck this", "fuck this"),
        ("sh#t", "shit"),
        ("fuuuuuck", "fuck"),
        ("f\u200bu\u200bc\u200bk", "fuck"),  # zero-width spaces
        ("IDIOT", "idiot"),
    ],
)
def test_evasions_are_undone(text: str, expected: str) -> None:
    assert normalize(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "scunthorpe cockpit class assad dickens analysis",
        "covid19 g20 2nd $100 in 1990s",
        "the u.s. army",
        "call me at 0750 123 4567",
        "https://www.reuters.com/world/2024/x1y",
        "good",
    ],
)
def test_innocent_text_is_unchanged(text: str) -> None:
    assert normalize(text).text == text


def test_offsets_map_back_to_original_characters() -> None:
    original = "Hey F.U.C.K off, ѕhіt!"
    normalized = normalize(original)
    start = normalized.text.index("fuck")
    s, e = normalized.span_to_original(start, start + 4)
    assert original[s:e] == "F.U.C.K"
    start = normalized.text.index("shit")
    s, e = normalized.span_to_original(start, start + 4)
    assert original[s:e] == "ѕhіt"


def test_masked_word_with_two_candidates_is_left_alone() -> None:
    # "d*mn" fits only "damn"; "*" alone fits nothing, so nothing is invented
    assert normalize("d*mn").text == "damn"
    assert normalize("5 * 3").text == "5 * 3"


@given(st.text(max_size=200))
def test_offsets_are_valid_for_any_text(text: str) -> None:
    normalized = normalize(text)
    assert len(normalized.offsets) == len(normalized.text)
    assert all(0 <= o < len(text) for o in normalized.offsets)
    assert list(normalized.offsets) == sorted(normalized.offsets)


GATE_CASES = [
    "A fair point about the drawdown.",
    "fuuuuck this",
    "f u c k",
    "f.u.c.k you",
    "sh*t",
    "a$$hole",
    "b!tch",
    "c0ck",
    "#%*&!",
    "½½½ ok",
    "٣٣٣ rockets",
    "__init__",
    "ééé",
    "www.example.org is fine",
    "1 2 3 go",
    "ئەم بڕیارە زۆۆۆۆر باشە",
    "s h i t",
    "The G20 met in 2019!",
    "K-u-r-d-i-s-t-a-n",
    "0x-y-z",  # spaced letters right after a digit (missed by the gate before 2026-12-02)
    "bf u c k1 #",
]


@pytest.mark.parametrize("text", GATE_CASES)
def test_the_fast_gate_never_skips_work_a_step_would_do(monkeypatch, text):
    from classifier import normalize as module

    gated = module.normalize(text)
    monkeypatch.setattr(module, "_may_evade", lambda folded: True)
    assert module.normalize(text) == gated


@given(st.text(alphabet="aabsfkcuhé٣ب0134@$!|*#%. -_/~", max_size=40))
def test_the_fast_gate_agrees_with_always_running_every_step(text):
    from classifier import normalize as module

    gated = module.normalize(text)
    original = module._may_evade
    try:
        module._may_evade = lambda folded: True
        assert module.normalize(text) == gated
    finally:
        module._may_evade = original
