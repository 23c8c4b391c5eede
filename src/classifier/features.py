"""Tokens and hashed features of normalised text.

A comment's feature vector is the sum of its *distinct* tokens' vectors plus its distinct word
bigrams, scaled by ``1 / sqrt(n_distinct_tokens + 1)``. (Summing every occurrence, as before
2026-12-01, let one repeated token outweigh everything: 60 x "@USER" scored vulgarity 1.0.)
Because the model is linear on that sum, each token's share of a
category's score is exact, which gives the character spans without a second model; and a token's
contribution can be cached, which makes scoring fast.

Token vector: the hashed word itself plus its padded character 4-grams (misspellings,
inflections, agglutinative languages). URLs, e-mail addresses and phone numbers become pseudo
tokens (``__url__``, ``__email__``, ``__phone__``), URL hosts also give their words.
Hashing: CRC-32 (stable across processes and Python versions), sign from the top bit.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Sequence
from typing import Final, NamedTuple

import numpy as np
import scipy.sparse as sp

from classifier.normalize import Normalized

DEFAULT_N_FEATURES: Final = 2**18
CHAR_NGRAM: Final = 4
CHAR_WEIGHT: Final = 2.0  # 0.6 before 2026-12-01: see experiments.json

PSEUDO_TOKEN: Final = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|ly|io|co|info|biz)(?:/\S*)?)"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<phone>\+?\d[\d ().-]{7,}\d)"
)
# cheap test for "might contain a URL, e-mail or phone number" (the full pattern is slow)
PSEUDO_HINT: Final = re.compile(
    r"https?:|www\.|\.(?:com|net|org|ly|io|co|info|biz)\b|@|\d[\d ().-]{7}"
)
WORD: Final = re.compile(r"[^\W_]+(?:['’*][^\W_]+)*\*?")
HOST: Final = re.compile(r"(?:https?://)?([^/\s?#]+)")


class Token(NamedTuple):
    text: str  # feature key (normalised word or pseudo token)
    start: int  # offsets into the normalised text
    end: int


def tokenize(normalized: Normalized) -> list[Token]:
    text = normalized.text
    if not PSEUDO_HINT.search(text):
        return [Token(m.group(), m.start(), m.end()) for m in WORD.finditer(text)]
    tokens: list[Token] = []
    position = 0
    for match in PSEUDO_TOKEN.finditer(text):
        kind = match.lastgroup or "url"
        if kind == "phone" and sum(c.isdigit() for c in match.group()) < 9:
            continue
        tokens.extend(_words(text, position, match.start()))
        tokens.append(Token(f"__{kind}__", match.start(), match.end()))
        if kind == "url":
            host = HOST.match(match.group())
            if host:
                for part in re.finditer(r"[^\W_]+", host.group(1)):
                    if part.group() not in ("www", "w", "com", "org", "net"):
                        s = match.start() + host.start(1) + part.start()
                        tokens.append(Token(part.group(), s, s + len(part.group())))
        position = match.end()
    tokens.extend(_words(text, position, len(text)))
    return tokens


def token_keys(normalized: Normalized) -> list[str]:
    """The feature keys of ``tokenize`` without their offsets (faster; same order and length)."""
    if not PSEUDO_HINT.search(normalized.text):
        return WORD.findall(normalized.text)
    return [t.text for t in tokenize(normalized)]


def _words(text: str, start: int, end: int) -> list[Token]:
    return [
        Token(m.group(), start + m.start(), start + m.end()) for m in WORD.finditer(text[start:end])
    ]


def _hash(key: str, n_features: int) -> tuple[int, float]:
    h = zlib.crc32(key.encode("utf-8"))
    return h % n_features, (1.0 if h & 0x80000000 else -1.0)


def token_features(token: str, n_features: int) -> dict[int, float]:
    """Hashed features of one token (word feature + weighted char 4-grams)."""
    features: dict[int, float] = {}
    index, sign = _hash("w|" + token, n_features)
    features[index] = sign
    if token.startswith("__") or len(token) < 2:
        return features
    padded = f"<{token}>"
    grams = [padded[i : i + CHAR_NGRAM] for i in range(len(padded) - CHAR_NGRAM + 1)]
    if not grams:
        return features
    weight = CHAR_WEIGHT / len(grams) ** 0.5
    for gram in grams:
        index, sign = _hash("c|" + gram, n_features)
        features[index] = features.get(index, 0.0) + sign * weight
    return features


_BIGRAM_CACHE: dict[tuple[str, str, int], tuple[int, float]] = {}
_BIGRAM_CACHE_LIMIT: Final = 1_000_000


def bigram_features(tokens: Sequence[str], n_features: int) -> list[tuple[int, float]]:
    """Hashed word bigrams (memoised: hashing dominates the cost of scoring)."""
    cache = _BIGRAM_CACHE
    if len(cache) > _BIGRAM_CACHE_LIMIT:
        cache.clear()
    out = []
    for pair in itertools.pairwise(tokens):
        key = (pair[0], pair[1], n_features)
        hashed = cache.get(key)
        if hashed is None:
            hashed = cache[key] = _hash(f"b|{pair[0]} {pair[1]}", n_features)
        out.append(hashed)
    return out


def length_scale(n_tokens: int) -> float:
    return float(1.0 / np.sqrt(n_tokens + 1.0))


def distinct(tokens: Sequence[str]) -> list[str]:
    """The tokens in first-seen order, each once (the model counts presence, not frequency)."""
    return list(dict.fromkeys(tokens))


def distinct_bigrams(tokens: Sequence[str], n_features: int) -> list[tuple[int, float]]:
    """Hashed bigrams of the token sequence, each distinct bigram once."""
    return list(dict.fromkeys(bigram_features(tokens, n_features)))


def documents_matrix(token_lists: Sequence[Sequence[str]], n_features: int) -> sp.csr_matrix:
    """The training matrix: one row per document, built from cached per-token features."""
    cache: dict[str, dict[int, float]] = {}
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for tokens in token_lists:
        row: dict[int, float] = {}
        unique = distinct(tokens)
        for token in unique:
            features = cache.get(token)
            if features is None:
                features = token_features(token, n_features)
                cache[token] = features
            for index, value in features.items():
                row[index] = row.get(index, 0.0) + value
        for index, sign in distinct_bigrams(tokens, n_features):
            row[index] = row.get(index, 0.0) + sign
        scale = length_scale(len(unique))
        indices.extend(row.keys())
        data.extend(v * scale for v in row.values())
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
        shape=(len(token_lists), n_features),
    )


def tokens_matrix(tokens: Sequence[str], n_features: int) -> sp.csr_matrix:
    """One row per token (unscaled): multiplied by the weights it gives each token's share."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for token in tokens:
        features = token_features(token, n_features)
        indices.extend(features.keys())
        data.extend(features.values())
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
        shape=(len(tokens), n_features),
    )
