from __future__ import annotations

import pytest

from majlis.moderation.checks import (
    CheckContext,
    ContactDetailsCheck,
    LengthFormatCheck,
    RelatedComment,
    RepeatPostCheck,
    StoryClosedCheck,
    WordListCheck,
)


def ctx(text: str, **overrides) -> CheckContext:
    values = {
        "comment_id": 1,
        "text": text,
        "author_name": "Reader",
        "author_email": "reader@example.org",
        "story_id": 10,
        "story_title": "Troops",
        "story_body": "",
        "story_language": "en",
        "comments_open": True,
        "max_length": 3000,
    }
    values.update(overrides)
    return CheckContext(**values)


# --- word list --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "category"),
    [
        ("what a load of bullshit", "bullshit", "profanity"),
        ("F.U.C.K this", "F.U.C.K", "profanity"),
        ("this is sh1t", "sh1t", "profanity"),
        ("sh*t reporting", "sh*t", "profanity"),
        ("f*cking liars", "f*cking", "profanity"),
        ("shiiiiit", "shiiiiit", "profanity"),
        ("$h!t", "$h!t", "profanity"),
        ("f u c k you", "f u c k", "profanity"),
        ("send n00des... no, send nudes", "nudes", "vulgarity"),
        ("Fucking hell.", "Fucking", "profanity"),
    ],
)
def test_wordlist_sees_through_obfuscation(text, word, category):
    result = WordListCheck().check(ctx(text))
    assert result.scores.get(category, 0) > 0.9
    matched = [text[span.start : span.end] for span in result.spans if span.category == category]
    assert word in matched


@pytest.mark.parametrize(
    "text",
    [
        "The assessment of the drawdown is fair.",
        "Dick Cheney backed the 2003 invasion.",
        "She graduated summa cum laude from Salahaddin University.",
        "Scunthorpe and Penistone are towns in England.",
        "Troops will fall from 3,000 to 2,500 by January 15.",
        "This is a shitake mushroom? no: shiitake",
        "",
    ],
)
def test_wordlist_leaves_clean_text_alone(text):
    result = WordListCheck().check(ctx(text))
    assert result.scores == {}
    assert result.spans == []


# --- contact details ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Call 0750 123 4567 for cheap visas", "0750 123 4567"),
        ("WhatsApp +964-750-123-4567 now", "+964-750-123-4567"),
        ("write to deals@cheap-visas.example", "deals@cheap-visas.example"),
        ("join t.me/cheapvisas", "t.me/cheapvisas"),
        ("Telegram @cheapvisas", "@cheapvisas"),
        ("پەیوەندی بکە ٠٧٥٠١٢٣٤٥٦٧", "٠٧٥٠١٢٣٤٥٦٧"),
    ],
)
def test_contact_details_are_promotion(text, fragment):
    result = ContactDetailsCheck().check(ctx(text))
    assert result.scores["promotion"] >= 0.9
    assert fragment in [text[span.start : span.end] for span in result.spans]


def test_a_link_is_a_weak_promotion_signal():
    result = ContactDetailsCheck().check(ctx("Source: https://www.defense.gov/News/ says so"))
    assert 0.2 < result.scores["promotion"] < 0.9


@pytest.mark.parametrize(
    "text",
    [
        "Troops will fall from about 3,000 to 2,500 by January 15.",
        "In 2020 and 2021 the budget was 1.5 billion dollars.",
        "I agree with @Karwan on this.",
    ],
)
def test_numbers_and_mentions_are_not_contact_details(text):
    assert ContactDetailsCheck().check(ctx(text)).scores["promotion"] < 0.5


# --- format, story, repeat ------------------------------------------------------------------


def test_format_flags_shouting_and_noise():
    assert LengthFormatCheck().check(ctx("THIS IS A DISGRACE AND EVERYONE KNOWS IT")).flags == [
        "needs_review"
    ]
    assert LengthFormatCheck().check(ctx("!!!!!!!!!!!!!!!!!!!!!!!")).flags == ["needs_review"]
    assert LengthFormatCheck().check(ctx("x" * 3001)).details["problems"][0] == "too_long"
    assert LengthFormatCheck().check(ctx("A measured, ordinary comment.")).flags == []


def test_story_closed_flag():
    assert StoryClosedCheck().check(ctx("hi", comments_open=False)).flags == ["story_closed"]
    assert StoryClosedCheck().check(ctx("hi")).flags == []


def test_repeat_post_same_author_anywhere():
    same = (RelatedComment(comment_id=5, story_id=10, same_author=True),)
    assert RepeatPostCheck().check(ctx("Thanks.", same_text_comments=same)).flags == ["repeat_post"]


def test_repeat_post_across_stories_by_others_only_for_longer_texts():
    elsewhere = (RelatedComment(comment_id=5, story_id=99, same_author=False),)
    long_text = "Visit my channel for the real truth about this."
    assert RepeatPostCheck().check(ctx(long_text, same_text_comments=elsewhere)).flags == [
        "repeat_post"
    ]
    assert RepeatPostCheck().check(ctx("I agree.", same_text_comments=elsewhere)).flags == []
    same_story = (RelatedComment(comment_id=5, story_id=10, same_author=False),)
    assert RepeatPostCheck().check(ctx(long_text, same_text_comments=same_story)).flags == []


# --- language -------------------------------------------------------------------------------

_LANGID_ARTIFACT = (
    __import__("pathlib").Path(__import__("classifier").__file__).parent
    / "artifacts"
    / "langid"
    / "manifest.json"
)


@pytest.mark.skipif(not _LANGID_ARTIFACT.exists(), reason="classifier langid artifact not built")
def test_language_check_sets_the_language():
    from majlis.moderation.checks import LanguageCheck

    result = LanguageCheck().check(ctx("ئەمە هەواڵێکی زۆر باشە، سوپاس بۆ ڕاپۆرتەکە"))
    assert result.language == "ckb"
    assert 0 < result.language_confidence <= 1
    assert result.scores == {}
