"""Relevance by shared words: the batched path gives what one comment at a time gives."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from classifier.relevance import ArticleVector, RelevanceModel, content_terms, off_topic_batch


@given(
    st.lists(
        st.lists(st.sampled_from(["troops", "iraq", "the", "erbil", "cup", "final", "x"])),
        max_size=6,
    ),
    st.lists(st.sampled_from([0, 1, 2]), min_size=6, max_size=6),
)
def test_batched_relevance_matches_one_comment_at_a_time(token_lists, article_of):
    model = RelevanceModel(
        idf=np.linspace(1.0, 3.0, 64, dtype=np.float32), coef=(-4.0, 0.8, -1.5), intercept=0.3
    )
    stories = [["troops", "iraq", "erbil"], ["cup", "final", "final"], []]
    vectors = [model.vector(content_terms(story)) for story in stories]
    articles = [ArticleVector.of(vectors[article_of[i]]) for i in range(len(token_lists))]
    batch = off_topic_batch(model, token_lists, articles)
    for i, tokens in enumerate(token_lists):
        expected = model.off_topic(content_terms(tokens), vectors[article_of[i]])
        assert batch[i] == pytest.approx(expected, abs=1e-12)
