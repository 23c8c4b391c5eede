"""Off-topic: how relevant a comment is to its article (title + body).

TF-IDF cosine between the comment's content terms and the article's, plus how many content terms
the comment has: a short generic comment ("good news finally", "thanks for the report") has
almost none, so it fits any story and is not off topic. Terms are normalised tokens cut to their
first 6 characters (a cheap, language-neutral stem). A small logistic model on those features,
fitted on the project's own comment/article pairs at training time, turns them into a probability.

A story known only by its headline (what the embed creates when the page gives no summary) gets
a second logistic model, fitted on the same pairs with the headline alone: an on-topic comment
often shares no word with a headline, so there no shared word is weaker evidence than under a
whole article.
"""

from __future__ import annotations

import functools
import itertools
import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, NamedTuple

import numpy as np
import numpy.typing as npt

from classifier.semantic import sigmoid

STEM_LENGTH: Final = 6
# Function words and the vocabulary of generic reactions ("great article, thanks").
_STOPWORD_TEXT: Final = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    i'm it's don't doesn't isn't aren't can't won't didn't that's there's they're we're you're
    let's yes yeah ok okay oh well really still even ever much many lot lots thing things good
    great nice bad best better excellent interesting important sad happy glad hope hopefully
    news article story report reporting piece read reading thanks thank finally agree agreed
    disagree true right wrong indeed exactly totally absolutely sure think thought know say
    said people time today year years way make made get got go going see seen look like love
    hate wow amazing terrible awful shame wonderful informative useful post comment comments
    writer author journalist keep work job done well-written written update updates again more
    one two
"""
STOPWORDS: Final = frozenset(_STOPWORD_TEXT.split())


def content_terms(tokens: Sequence[str]) -> list[str]:
    return [term for term in map(_content_term, tokens) if term]


def _content_term(token: str) -> str:
    """The token's stem, or "" when it is no content term."""
    if len(token) < 3 or token in STOPWORDS or token.startswith("__") or token.isdigit():
        return ""
    return token[:STEM_LENGTH]


def term_index(term: str, n_buckets: int) -> int:
    return zlib.crc32(term.encode("utf-8")) % n_buckets


@dataclass(frozen=True)
class OffTopicLogit:
    """One logistic model over ``RelevanceModel.features``."""

    coef: tuple[float, float, float]
    intercept: float


@dataclass
class RelevanceModel:
    """``idf`` per hashed term bucket; ``coef``/``intercept`` of the off-topic logistic model;
    ``headline``: the model for articles of at most ``headline_max_terms`` distinct terms (None:
    one model for every article, as artifacts from before 2026-12-03)."""

    idf: npt.NDArray[np.float32]
    coef: tuple[float, float, float]
    intercept: float
    headline: OffTopicLogit | None = None
    headline_max_terms: int = 0

    def vector(self, terms: Sequence[str]) -> dict[int, float]:
        counts: dict[int, int] = {}
        n = len(self.idf)
        for term in terms:
            index = term_index(term, n)
            counts[index] = counts.get(index, 0) + 1
        vec = {i: (1.0 + math.log(c)) * float(self.idf[i]) for i, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {i: v / norm for i, v in vec.items()}

    @staticmethod
    def features(comment_terms: Sequence[str], cosine: float) -> tuple[float, float, float]:
        n_terms = math.log1p(len(comment_terms))
        return (cosine, n_terms, cosine * n_terms)

    @functools.cached_property
    def whole_article(self) -> OffTopicLogit:
        """The model for whole articles (built once: ``logit_for`` runs per comment)."""
        return OffTopicLogit(self.coef, self.intercept)

    def logit_for(self, article_terms: int) -> OffTopicLogit:
        """The model for an article whose vector has ``article_terms`` distinct terms."""
        if self.headline is not None and article_terms <= self.headline_max_terms:
            return self.headline
        return self.whole_article

    def off_topic(self, comment_terms: Sequence[str], article_vector: dict[int, float]) -> float:
        comment_vector = self.vector(comment_terms)
        cosine = sum(v * article_vector.get(i, 0.0) for i, v in comment_vector.items())
        features = self.features(comment_terms, cosine)
        logit = self.logit_for(len(article_vector))
        z = logit.intercept + sum(c * f for c, f in zip(logit.coef, features, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


class ArticleVector(NamedTuple):
    """An article's unit TF-IDF vector as sorted bucket indices and their values."""

    buckets: npt.NDArray[np.int64]
    values: npt.NDArray[np.float64]

    @classmethod
    def of(cls, vector: dict[int, float]) -> ArticleVector:
        order = sorted(vector)
        return cls(np.array(order, dtype=np.int64), np.array([vector[i] for i in order]))


def off_topic_batch(
    model: RelevanceModel, token_lists: Sequence[Sequence[str]], articles: Sequence[ArticleVector]
) -> npt.NDArray[np.float64]:
    """``model.off_topic(content_terms(tokens), article)`` for every comment at once (the same
    values up to float rounding), each comment's tokens beside its article's vector."""
    n = len(model.idf)
    lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
    buckets = _token_buckets(list(itertools.chain.from_iterable(token_lists)), n)
    document = np.repeat(np.arange(len(token_lists)), lengths)
    content = buckets >= 0
    document, buckets = document[content], buckets[content]
    n_terms = np.bincount(document, minlength=len(token_lists))
    unique, counts = np.unique(document * n + buckets, return_counts=True)
    document, buckets = unique // n, unique % n
    weight = (1.0 + np.log(counts)) * model.idf[buckets].astype(np.float64)
    norm = np.sqrt(np.bincount(document, weights=weight * weight, minlength=len(token_lists)))
    norm[norm == 0] = 1.0
    weight /= norm[document]
    product = np.zeros(len(weight))
    for article in {id(a): a for a in articles}.values():
        mine = np.flatnonzero(np.fromiter((a is article for a in articles), bool, len(articles)))
        entries = np.flatnonzero(np.isin(document, mine))
        if not len(entries) or not len(article.buckets):
            continue
        position = np.minimum(
            np.searchsorted(article.buckets, buckets[entries]), len(article.buckets) - 1
        )
        found = article.buckets[position] == buckets[entries]
        product[entries] = np.where(found, article.values[position], 0.0) * weight[entries]
    cosine = np.bincount(document, weights=product, minlength=len(token_lists))
    size = np.log1p(n_terms)
    features = (cosine, size, cosine * size)  # those of ``RelevanceModel.features``, per column
    # each comment with its article's model (the headline one or the whole-article one)
    logits = [model.logit_for(len(a.buckets)) for a in articles]
    coef = np.array([logit.coef for logit in logits]).reshape(len(articles), len(features))
    intercept = np.fromiter((logit.intercept for logit in logits), np.float64, len(articles))
    z = intercept + sum(coef[:, k] * f for k, f in enumerate(features))
    return sigmoid(np.asarray(z, dtype=np.float64))


_MEMO_LIMIT: Final = 500_000
_BUCKET_OF: dict[int, dict[str, int]] = {}  # per number of buckets: token -> bucket, -1 if none


def _token_buckets(tokens: Sequence[str], n_buckets: int) -> npt.NDArray[np.int64]:
    """Each token's content-term bucket (``term_index`` of its stem), -1 for non-content."""
    memo = _BUCKET_OF.get(n_buckets)
    if memo is None or len(memo) > _MEMO_LIMIT:
        memo = _BUCKET_OF[n_buckets] = {}
    for token in set(tokens).difference(memo):
        term = _content_term(token)
        memo[token] = term_index(term, n_buckets) if term else -1
    return np.fromiter(map(memo.__getitem__, tokens), dtype=np.int64, count=len(tokens))


def fit_idf(documents: Sequence[Sequence[str]], n_buckets: int) -> npt.NDArray[np.float32]:
    """Smoothed IDF per hashed term bucket over the given documents' content terms."""
    df = np.zeros(n_buckets, dtype=np.float64)
    for terms in documents:
        for index in {term_index(t, n_buckets) for t in terms}:
            df[index] += 1
    return np.log((1.0 + len(documents)) / (1.0 + df)).astype(np.float32) + 1.0
