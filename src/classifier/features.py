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
Hashing: CRC-32 (stable across processes and Python versions), sign from the top bit. Scoring
hashes a whole batch's bigrams and new tokens' 4-grams with numpy (``classifier.crc32``), to the
same values as the per-token functions that training uses.
"""

from __future__ import annotations

import itertools
import re
import threading
import zlib
from collections.abc import Sequence
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from classifier import crc32
from classifier.normalize import Normalized

DEFAULT_N_FEATURES: Final = 2**18
CHAR_NGRAM: Final = 4
CHAR_WEIGHT: Final = 2.0  # 0.6 before 2026-12-01: see experiments.json

PSEUDO_TOKEN: Final = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|ly|io|co|info|biz)(?:/\S*)?)"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<phone>\+?\d[\d ().-]{7,}\d)"
)
# cheap tests for "might contain a URL, e-mail or phone number" (the full pattern is slow; so
# is one alternation of these, which tries every position: ~20 µs on a news comment, these ~7)
_PSEUDO_LITERALS: Final = ("@", "http", "www.")
_TLD_HINT: Final = re.compile(r"\.(?:com|net|org|ly|io|co|info|biz)\b")
_PHONE_HINT: Final = re.compile(r"\d[\d ().-]{7}")


def may_hold_pseudo_tokens(text: str) -> bool:
    """Whether ``tokenize`` must look for pseudo tokens in ``text`` (a domain ending must end
    its word, as before: "x.community" holds no URL)."""
    return (
        any(literal in text for literal in _PSEUDO_LITERALS)
        or _TLD_HINT.search(text) is not None
        or _PHONE_HINT.search(text) is not None
    )


WORD: Final = re.compile(r"[^\W_]+(?:['’*][^\W_]+)*\*?")
HOST: Final = re.compile(r"(?:https?://)?([^/\s?#]+)")


class Token(NamedTuple):
    text: str  # feature key (normalised word or pseudo token)
    start: int  # offsets into the normalised text
    end: int


def tokenize(normalized: Normalized) -> list[Token]:
    text = normalized.text
    if not may_hold_pseudo_tokens(text):
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


def token_spans(normalized: Normalized, keys: Sequence[str]) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each of ``tokenize``'s tokens, given its ``token_keys`` (faster;
    same order and length). Without pseudo tokens each key is the text at its offsets, and the
    characters between two words never begin one, so each key is found where the search from
    the previous word's end first meets it."""
    text = normalized.text
    if may_hold_pseudo_tokens(text):
        return [(t.start, t.end) for t in tokenize(normalized)]
    spans = []
    position = 0
    for key in keys:
        start = text.find(key, position)
        position = start + len(key)
        spans.append((start, position))
    return spans


def token_keys(normalized: Normalized) -> list[str]:
    """The feature keys of ``tokenize`` without their offsets (faster; same order and length)."""
    if not may_hold_pseudo_tokens(normalized.text):
        return WORD.findall(normalized.text)
    return [t.text for t in tokenize(normalized)]


def _words(text: str, start: int, end: int) -> list[Token]:
    return [
        Token(m.group(), start + m.start(), start + m.end()) for m in WORD.finditer(text[start:end])
    ]


def _hash(key: str, n_features: int) -> tuple[int, float]:
    h = zlib.crc32(key.encode("utf-8"))
    return h % n_features, (1.0 if h & 0x80000000 else -1.0)


# Memoised bigram hashes, one table per ``n_features`` (training hashes every document's
# bigrams one by one); emptied when it outgrows its limit, as is ``TOKENS``.
_HASH_CACHE_LIMIT: Final = 1_000_000
_BIGRAM_CACHE: dict[int, dict[tuple[str, str], tuple[int, float]]] = {}


def _bigram_table(n_features: int) -> dict[tuple[str, str], tuple[int, float]]:
    table = _BIGRAM_CACHE.get(n_features)
    if table is None or len(table) > _HASH_CACHE_LIMIT:
        table = _BIGRAM_CACHE[n_features] = {}
    return table


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


def bigram_features(tokens: Sequence[str], n_features: int) -> list[tuple[int, float]]:
    """Hashed word bigrams, in order."""
    cache = _bigram_table(n_features)
    pairs = list(itertools.pairwise(tokens))
    hashed = list(map(cache.get, pairs))
    if None in hashed:
        for position, value in enumerate(hashed):
            if value is None:
                first, second = pairs[position]
                hashed[position] = cache[pairs[position]] = _hash(f"b|{first} {second}", n_features)
    return hashed  # type: ignore[return-value]  # no None left


class TokenTable:
    """Every token seen, by id: the token and the CRC-32 pieces of the bigram key
    ``"b|{first} {second}"`` (of ``"b|" + token`` as the first word, of ``" " + token`` and its
    length in bytes as the second). Ids are assigned in order; the arrays grow by doubling. The
    table restarts when it outgrows its limit, and ``generation`` counts the restarts, so that
    whoever keeps per-id data (``model.Head``) knows when to drop it."""

    def __init__(self) -> None:
        # held by whoever uses ids across calls (``model.Classifier._score``): a restart by
        # another thread in between would make them point at other tokens
        self.lock = threading.RLock()
        self.ids: dict[str, int] = {}
        self.tokens: list[str] = []
        self.generation = 0
        self.first = np.zeros(1024, dtype=np.uint32)
        self.second = np.zeros(1024, dtype=np.uint32)
        self.second_bytes = np.zeros(1024, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.tokens)

    def lookup(self, tokens: Sequence[str]) -> npt.NDArray[np.int64]:
        """Each token's id, new tokens added (a restart happens only here, before any id of
        this call is handed out, so the ids of one call stay valid together)."""
        with self.lock:
            return self._lookup(tokens)

    def _lookup(self, tokens: Sequence[str]) -> npt.NDArray[np.int64]:
        ids = self.ids
        found = list(map(ids.get, tokens))
        if None not in found:
            return np.array(found, dtype=np.int64)
        missing = list(dict.fromkeys(t for t, i in zip(tokens, found, strict=True) if i is None))
        if len(ids) + len(missing) > _HASH_CACHE_LIMIT:
            ids.clear()
            self.tokens.clear()
            self.generation += 1
            missing = list(dict.fromkeys(tokens))
        start, stop = len(ids), len(ids) + len(missing)
        if stop > len(self.first):
            capacity = max(2 * len(self.first), stop)
            self.first = np.resize(self.first, capacity)
            self.second = np.resize(self.second, capacity)
            self.second_bytes = np.resize(self.second_bytes, capacity)
        seconds = [(" " + t).encode("utf-8") for t in missing]
        self.first[start:stop] = [zlib.crc32(b"b|" + s[1:]) for s in seconds]
        self.second[start:stop] = [zlib.crc32(s) for s in seconds]
        self.second_bytes[start:stop] = [len(s) for s in seconds]
        ids.update(zip(missing, range(start, stop), strict=True))
        self.tokens.extend(missing)
        return np.fromiter(map(ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))


TOKENS: Final = TokenTable()


class BatchTokens(NamedTuple):
    """A batch's tokens, flat: an id per token (``TOKENS``) and the number per document."""

    ids: npt.NDArray[np.int64]
    lengths: npt.NDArray[np.int64]

    @classmethod
    def of(cls, documents: Sequence[Sequence[str]]) -> BatchTokens:
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
        return cls(TOKENS.lookup(list(itertools.chain.from_iterable(documents))), lengths)

    def document_of_token(self) -> npt.NDArray[np.int64]:
        return np.repeat(np.arange(len(self.lengths)), self.lengths)


def batch_bigrams(
    batch: BatchTokens, n_features: int, *, distinct: bool
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Hashed word bigrams of a whole batch: (feature index, sign, per-document bounds), the
    same values in the same order as ``distinct_bigrams`` (or ``bigram_features``) per document.
    """
    document = batch.document_of_token()
    same = document[:-1] == document[1:]
    first, second = batch.ids[:-1][same], batch.ids[1:][same]
    pair_document = document[:-1][same]
    crc = crc32.concatenated(
        TOKENS.first[first], TOKENS.second[second], TOKENS.second_bytes[second]
    ).astype(np.int64)
    index = crc % n_features
    sign = np.where(crc & 0x80000000, 1.0, -1.0)
    if distinct:
        key = (pair_document * n_features + index) * 2 + (crc >> 31)
        _, first_seen = np.unique(key, return_index=True)
        keep = np.sort(first_seen)
        index, sign, pair_document = index[keep], sign[keep], pair_document[keep]
    per_document = np.bincount(pair_document, minlength=len(batch.lengths))
    return index, sign, np.concatenate([[0], np.cumsum(per_document)]).astype(np.int64)


def presence_weights(batch: BatchTokens) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Per token, 1 / its number of occurrences in its document (the occurrences of a distinct
    token share its weight); per document, its number of distinct tokens."""
    width = int(batch.ids.max(initial=0)) + 1
    key = batch.document_of_token() * width + batch.ids
    unique, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    distinct_counts = np.bincount(unique // width, minlength=len(batch.lengths))
    return 1.0 / counts[inverse], distinct_counts.astype(np.int64)


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
    """One row per token (unscaled): multiplied by the weights it gives each token's share.

    The same values as ``token_features`` per token, with the character 4-grams of all tokens
    hashed at once (``crc32.of_windows``) instead of one string per gram; a token with a
    character outside the BMP (emoji) or a lone surrogate takes ``token_features``.
    """
    odd = {i for i, t in enumerate(tokens) if not t.isascii() and max(t) >= "\ud800"}
    odd = {i for i in odd if any("\ud800" <= c <= "\udfff" or c > "\uffff" for c in tokens[i])}
    plain = [i for i in range(len(tokens)) if i not in odd]
    with_grams = [i for i in plain if not tokens[i].startswith("__") and len(tokens[i]) >= 2]
    padded = [f"<{tokens[i]}>" for i in with_grams]
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
    widths = np.array([len(p) for p in padded], dtype=np.int64)
    counts = widths - CHAR_NGRAM + 1  # >= 1: a padded token has at least 4 characters
    first_gram = np.repeat(np.cumsum(widths) - widths, counts)
    gram_number = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    gram_crc = crc32.of_windows(b"c|", codes, first_gram + gram_number, CHAR_NGRAM)
    word_crc = np.array(
        [zlib.crc32(("w|" + tokens[i]).encode("utf-8")) for i in plain], dtype=np.int64
    )
    rows = [np.asarray(plain, dtype=np.int64), np.repeat(with_grams, counts).astype(np.int64)]
    columns = [word_crc % n_features, gram_crc.astype(np.int64) % n_features]
    values = [
        np.where(word_crc & 0x80000000, 1.0, -1.0),
        np.where(gram_crc & 0x80000000, 1.0, -1.0)
        * np.repeat(CHAR_WEIGHT / np.sqrt(counts), counts),
    ]
    for i in sorted(odd):
        features = token_features(tokens[i], n_features)
        rows.append(np.full(len(features), i, dtype=np.int64))
        columns.append(np.fromiter(features.keys(), dtype=np.int64, count=len(features)))
        values.append(np.fromiter(features.values(), dtype=np.float64, count=len(features)))
    matrix = sp.csr_matrix(
        (np.concatenate(values), (np.concatenate(rows), np.concatenate(columns))),
        shape=(len(tokens), n_features),
    )
    matrix.sum_duplicates()
    return matrix.astype(np.float32)
