"""``majlis.comments.validation``: the character rules every writer enforces."""

from __future__ import annotations

import unicodedata

import pytest

from majlis.comments.errors import InvalidComment
from majlis.comments.validation import clean_text_value


def test_control_characters_refused_are_exactly_unicodes_but_tab_and_line_breaks() -> None:
    for code_point in range(0x110000):
        char = chr(code_point)
        if 0xD800 <= code_point <= 0xDFFF:
            continue
        control = unicodedata.category(char) == "Cc" and char not in "\n\r\t"
        text = f"a{char}b"
        if control:
            with pytest.raises(InvalidComment, match="control characters"):
                clean_text_value(text, field="text", max_length=10)
        else:
            assert clean_text_value(text, field="text", max_length=10) == text.strip()


@pytest.mark.parametrize("surrogate", ["\ud800", "\udfff", "ok \udc80"])
def test_unpaired_surrogates_are_refused(surrogate: str) -> None:
    with pytest.raises(InvalidComment, match="invalid characters"):
        clean_text_value(surrogate, field="text", max_length=10)


def test_text_is_trimmed_and_limited() -> None:
    assert clean_text_value("  Baş e.\n", field="text", max_length=10) == "Baş e."
    with pytest.raises(InvalidComment, match="at most 3"):
        clean_text_value("four", field="text", max_length=3)
    with pytest.raises(InvalidComment, match="empty"):
        clean_text_value(" \n ", field="text", max_length=3)
