"""Relevance by shared words: the batched path gives what one comment at a time gives, with and
without a headline model; the headline model scores only articles of few terms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from classifier.relevance import (
    ArticleVector,
    OffTopicLogit,
    RelevanceModel,
    content_terms,
    off_topic_batch,
)

HEADLINE = OffTopicLogit(coef=(-2.0, 0.5, -1.0), intercept=-0.7)


@given(
    st.lists(
        st.lists(st.sampled_from(["troops", "iraq", "the", "erbil", "cup", "final", "x"])),
        max_size=6,
    ),
    st.lists(st.sampled_from([0, 1, 2]), min_size=6, max_size=6),
    st.sampled_from([None, HEADLINE]),
)
def test_batched_relevance_matches_one_comment_at_a_time(token_lists, article_of, headline):
    model = RelevanceModel(
        idf=np.linspace(1.0, 3.0, 64, dtype=np.float32),
        coef=(-4.0, 0.8, -1.5),
        intercept=0.3,
        headline=headline,
        headline_max_terms=2,  # the second story has two distinct terms, the first three
    )
    stories = [["troops", "iraq", "erbil"], ["cup", "final", "final"], []]
    vectors = [model.vector(content_terms(story)) for story in stories]
    articles = [ArticleVector.of(vectors[article_of[i]]) for i in range(len(token_lists))]
    batch = off_topic_batch(model, token_lists, articles)
    for i, tokens in enumerate(token_lists):
        expected = model.off_topic(content_terms(tokens), vectors[article_of[i]])
        assert batch[i] == pytest.approx(expected, abs=1e-12)


def test_the_headline_model_scores_only_articles_of_few_terms() -> None:
    model = RelevanceModel(
        idf=np.ones(64, dtype=np.float32),
        coef=(-4.0, 0.8, -1.5),
        intercept=0.3,
        headline=HEADLINE,
        headline_max_terms=3,
    )
    comment = content_terms(["rockets", "green", "zone", "safety"])
    headline = model.vector(content_terms(["troops", "iraq", "january"]))
    article = model.vector(content_terms(["troops", "iraq", "january", "pentagon", "erbil"]))
    z = sum(c * f for c, f in zip(HEADLINE.coef, model.features(comment, 0.0), strict=True))
    assert model.off_topic(comment, headline) == pytest.approx(1 / (1 + np.exp(-(z - 0.7))))
    z = sum(c * f for c, f in zip(model.coef, model.features(comment, 0.0), strict=True))
    assert model.off_topic(comment, article) == pytest.approx(1 / (1 + np.exp(-(z + 0.3))))
    without = RelevanceModel(idf=model.idf, coef=model.coef, intercept=model.intercept)
    assert without.off_topic(comment, headline) == pytest.approx(model.off_topic(comment, article))
