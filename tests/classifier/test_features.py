"""Hashed features: the batch (numpy) paths give exactly what the per-document ones give."""

from __future__ import annotations

import random
import zlib
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from classifier import crc32
from classifier import features as feats

WORDS = st.text(alphabet="abcz'*ەێڤیك😀 é", min_size=1, max_size=12).filter(str.strip)


@given(st.lists(st.tuples(st.text(max_size=30), st.text(max_size=120)), max_size=20))
def test_crc32_of_a_concatenation_from_its_parts(pairs):
    first = np.array([zlib.crc32(a.encode()) for a, _ in pairs], dtype=np.uint32)
    second = np.array([zlib.crc32(b.encode()) for _, b in pairs], dtype=np.uint32)
    lengths = np.array([len(b.encode()) for _, b in pairs], dtype=np.int64)
    combined = crc32.concatenated(first, second, lengths)
    assert combined.tolist() == [zlib.crc32((a + b).encode()) for a, b in pairs]


def test_crc32_shift_handles_parts_longer_than_one_table():
    a, b = b"b|word", b" long" * 40  # 200 bytes: several MAX_SHIFT steps
    combined = crc32.concatenated(
        np.array([zlib.crc32(a)], np.uint32),
        np.array([zlib.crc32(b)], np.uint32),
        np.array([len(b)], np.int64),
    )
    assert int(combined[0]) == zlib.crc32(a + b)


@given(st.lists(st.lists(WORDS, max_size=15), max_size=8), st.booleans())
def test_batch_bigrams_match_the_per_document_bigrams(documents, distinct):
    batch = feats.BatchTokens.of(documents)
    index, sign, bounds = feats.batch_bigrams(batch, 2**18, distinct=distinct)
    one_by_one = feats.distinct_bigrams if distinct else feats.bigram_features
    for d, document in enumerate(documents):
        expected = one_by_one(document, 2**18)
        got = list(
            zip(
                index[bounds[d] : bounds[d + 1]].tolist(),
                sign[bounds[d] : bounds[d + 1]].tolist(),
                strict=True,
            )
        )
        assert got == expected


@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "ڤ"]), max_size=10), max_size=6))
def test_presence_weights_share_each_distinct_token(documents):
    weights, distinct_counts = feats.presence_weights(feats.BatchTokens.of(documents))
    flat = 0
    for d, document in enumerate(documents):
        counts = Counter(document)
        assert distinct_counts[d] == len(counts)
        for token in document:
            assert weights[flat] == pytest.approx(1.0 / counts[token])
            flat += 1


def test_the_token_table_restarts_without_mixing_up_rows(monkeypatch):
    monkeypatch.setattr(feats, "_HASH_CACHE_LIMIT", 8)
    words = [f"w{i}" for i in range(30)]
    rng = random.Random(1)
    for _ in range(20):
        document = rng.sample(words, 6)
        index, sign, _ = feats.batch_bigrams(
            feats.BatchTokens.of([document]), 2**18, distinct=False
        )
        assert list(zip(index.tolist(), sign.tolist(), strict=True)) == feats.bigram_features(
            document, 2**18
        )


@given(
    st.lists(st.text(max_size=10) | st.sampled_from(["__url__", "a", "😀ok", "ئەڤرۆ"]), max_size=12)
)
def test_tokens_matrix_matches_token_features_one_by_one(tokens):
    tokens = [t.encode("utf-8", "ignore").decode("utf-8") for t in tokens]  # no lone surrogates
    batch = feats.tokens_matrix(tokens, 2**18).toarray()
    for row, token in zip(batch, tokens, strict=True):
        expected = np.zeros(2**18, dtype=np.float32)
        for index, value in feats.token_features(token, 2**18).items():
            expected[index] = value
        np.testing.assert_allclose(row, expected, rtol=1e-6, atol=1e-7)


@given(st.text(alphabet="ab c'’*_-.1éڤ😀\u200c", max_size=60))
def test_token_spans_are_the_offsets_of_tokenize(text):
    from classifier.normalize import normalize

    normalized = normalize(text)
    expected = [(t.start, t.end) for t in feats.tokenize(normalized)]
    assert feats.token_spans(normalized, feats.token_keys(normalized)) == expected


def test_token_spans_with_pseudo_tokens():
    from classifier.normalize import normalize

    normalized = normalize("Buy at www.cheap-pills.com now, call +1 555 123 4567")
    expected = [(t.start, t.end) for t in feats.tokenize(normalized)]
    assert feats.token_spans(normalized, feats.token_keys(normalized)) == expected
