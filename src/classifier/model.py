"""The classifier: load an artifact, score batches of comments, explain, decide.

Scores come from one linear head per category (per language group, see the manifest's
``languages.<code>.head``), Platt-calibrated on held-out rows; ``off_topic`` from
``classifier.relevance`` when an article is given — or, when the comment is in another language
than its article, from ``classifier.crosslingual`` (multilingual embeddings), since shared words
cannot measure relevance across languages. For the languages the semantic artifact gives a
weight (not English), ``classifier.semantic`` folds the comment's meaning (P(violates) from the
same multilingual embedding) into the most likely category, after its category heads' P(threat)
into the threat score. For English, the cascade's second stage (``classifier.transformer``, a
fine-tuned MiniLM) does the same for the comments whose words leave the verdict at "review".
Spans are the tokens whose share of a category's logit is large, mapped back to the original
text through the normalisation offsets.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt

from classifier import features as feats
from classifier.crosslingual import DEFAULT_ARTIFACT as CROSSLINGUAL_ARTIFACT
from classifier.crosslingual import CrossLingualRelevance, article_text, e5_encoder, unit_rows
from classifier.labels import ABUSE_TARGETS, CATEGORIES
from classifier.lexicons import load_all as load_lexicons
from classifier.normalize import Normalized, normalize
from classifier.relevance import (
    ArticleVector,
    OffTopicLogit,
    RelevanceModel,
    content_terms,
    off_topic_batch,
)
from classifier.semantic import DEFAULT_ARTIFACT as SEMANTIC_ARTIFACT
from classifier.semantic import SemanticScorer, sigmoid
from classifier.transformer import DEFAULT_ARTIFACT as TRANSFORMER_ARTIFACT
from classifier.transformer import TransformerScorer

logger = logging.getLogger(__name__)

SCORED_CATEGORIES: Final = tuple(c for c in CATEGORIES if c != "off_topic")
TARGET_COLUMNS: Final = tuple(f"target:{t}" for t in ABUSE_TARGETS)
# "reject": P(the comment violates any guideline), trained on every row with an overall label.
# How a head turns its columns into category scores (manifest ``heads.<name>.combine``):
#   "direct"     each category column is the category's probability;
#   "geometric"  sqrt(P(category) * P(violates)): a category needs both its own evidence and
#                the general "violates" evidence (the shipped choice; experiments.json);
#   "factorized" category columns are P(category | violates), the score their product.
COMBINE_MODES: Final = ("direct", "geometric", "factorized")
REJECT_COLUMN: Final = "reject"
HEAD_COLUMNS: Final = (*SCORED_CATEGORIES, *TARGET_COLUMNS, REJECT_COLUMN)
N_CATEGORIES: Final = len(SCORED_CATEGORIES)
REJECT_INDEX: Final = len(HEAD_COLUMNS) - 1
FORMAT: Final = "majlis-classifier/1"
# A token is part of a span when it adds at least this much to the category's calibrated logit.
SPAN_MIN_LOGIT: Final = 0.6
# ... and only when it adds at least this share of the comment's largest token contribution
# (so "an" in "You are an idiot" is not highlighted beside "idiot").
SPAN_RELATIVE: Final = 0.25
# Spans are reported for categories at least this probable (0.2 before the geometric scores of
# 2026-12-01, which sit higher: at 0.2 most news comments got spans, at a third of the speed).
SPAN_MIN_SCORE: Final = 0.4
TOKEN_CACHE_LIMIT: Final = 500_000
ARTICLE_CACHE_LIMIT: Final = 2_000
# A term of the project's own lexicons (unambiguous by construction) in a non-English comment
# sets its category at least this high: above the reject thresholds, so it ranks and explains;
# whether it decides alone is the language's `auto_decide` in the manifest.
LEXICON_SCORE: Final = 0.95


class ArtifactError(ValueError):
    """The artifact is missing, malformed, or does not match this code's label set."""


@dataclass(frozen=True)
class CommentInput:
    text: str
    lang: str | None = None
    article_title: str | None = None
    article_body: str | None = None
    # The article's language when the caller knows it (a story's); detected otherwise.
    article_lang: str | None = None


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    category: str
    weight: float


@dataclass
class Prediction:
    scores: dict[str, float]
    abuse_target: dict[str, float]
    spans: list[Span]
    lang: str
    lang_confidence: float
    model_version: str
    # What was left for a later call on request: "off_topic" (unscored, see
    # ``relevance_across``) and "semantic" (the meaning not yet folded in, see ``semantic``).
    deferred: tuple[str, ...] = ()


# Which comments in another language than their article get the (slow) multilingual relevance
# model: all of them, or only those whose language the manifest lets auto-decide (the others go
# to a human whatever their off_topic score, so it can be added later, off the posting path).
RELEVANCE_ACROSS_MODES: Final = ("all", "auto_decide")
# Which comments get the second models' P(violates): "all"; "auto_decide" (a first pass): the
# multilingual meaning only where the language may auto-decide, the English transformer never
# (the rest: ``deferred=("semantic",)``); "off": words alone.
SEMANTIC_MODES: Final = ("all", "auto_decide", "off")


class Verdict(NamedTuple):
    decision: str  # "approve" | "reject" | "review"
    reasons: list[str]


@dataclass
class Head:
    """Weights of one language group: ``weights[feature, column]``, ``bias[column]``.

    Token contributions (``token features @ weights``) are cached in one growing matrix, by the
    token's id in ``features.TOKENS``, so a comment costs an array lookup per token once its
    words have been seen.
    """

    weights: npt.NDArray[np.float32]
    bias: npt.NDArray[np.float32]
    calibration: npt.NDArray[np.float64]  # [column, (slope, intercept)]
    combine: str = "direct"  # one of COMBINE_MODES
    table: npt.NDArray[np.float32] = field(
        default_factory=lambda: np.zeros((0, len(HEAD_COLUMNS)), dtype=np.float32)
    )
    # row of ``table`` per token id (-1: not computed yet), valid for one generation of TOKENS
    rows: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    cached: int = 0  # rows of ``table`` in use
    generation: int = -1

    def token_logits(self, batch: feats.BatchTokens, n_features: int) -> npt.NDArray[np.float32]:
        """Each token's (uncalibrated, unscaled) logit contribution, cached per token."""
        if self.generation != feats.TOKENS.generation:
            self.rows, self.cached, self.generation = self.rows[:0], 0, feats.TOKENS.generation
        if len(self.rows) < len(feats.TOKENS):
            grown = np.full(max(2 * len(self.rows), len(feats.TOKENS), 1024), -1, dtype=np.int64)
            grown[: len(self.rows)] = self.rows
            self.rows = grown
        missing = np.unique(batch.ids[self.rows[batch.ids] < 0])
        if len(missing):
            if self.cached + len(missing) > TOKEN_CACHE_LIMIT:
                self.rows[:] = -1
                self.cached = 0
                missing = np.unique(batch.ids)
            tokens = [feats.TOKENS.tokens[i] for i in missing.tolist()]
            computed = np.asarray(feats.tokens_matrix(tokens, n_features) @ self.weights)
            start, stop = self.cached, self.cached + len(missing)
            if stop > len(self.table):
                grown_table = np.zeros(
                    (max(2 * len(self.table), stop, 1024), self.weights.shape[1]),
                    dtype=np.float32,
                )
                grown_table[:start] = self.table[:start]
                self.table = grown_table
            self.table[start:stop] = computed
            self.rows[missing] = np.arange(start, stop)
            self.cached = stop
        return self.table[self.rows[batch.ids]]


def _identify_language(texts: Sequence[str]) -> list[tuple[str, float]]:
    """Language ID by ``classifier.langid`` (a script guess only if that module is absent)."""
    try:
        from classifier.langid import identify

        return [(str(guess[0]), float(guess[1])) for guess in identify(list(texts))]
    except (ImportError, OSError) as error:
        # no language model available: judge by script, with a low confidence so the policy
        # does not trust it blindly
        logger.warning("language identifier unavailable (%s); guessing by script", error)
        return [_script_guess(t) for t in texts]


def _script_guess(text: str) -> tuple[str, float]:
    arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if arabic > latin:
        return ("ar", 0.3)
    if latin:
        return ("en", 0.5)
    return ("other", 0.0)


class Classifier:
    def __init__(
        self,
        *,
        manifest: dict[str, Any],
        heads: dict[str, Head],
        relevance: RelevanceModel,
        crosslingual: CrossLingualRelevance | None = None,
        semantic: SemanticScorer | None = None,
        transformer: TransformerScorer | None = None,
    ) -> None:
        self.manifest = manifest
        self.heads = heads
        self.relevance = relevance
        self.crosslingual = crosslingual
        self.semantic = semantic
        self.transformer = transformer
        self.n_features = int(manifest["features"]["n_features"])
        # "binary": distinct tokens count once (2026-12-01 on); "sum": every occurrence counts
        self.binary = manifest["features"].get("term_counts", "sum") == "binary"
        self.model_version = str(manifest["version"])
        self._article_cache: dict[tuple[str, str], ArticleVector] = {}
        # per article, worked out once: its script, and its language when no caller gives it
        self._article_scripts: dict[tuple[str, str], str] = {}
        self._article_langs: dict[tuple[str, str], str] = {}

    # -- loading ---------------------------------------------------------------------------
    @classmethod
    def from_artifact(
        cls,
        path: str | Path,
        *,
        crosslingual: str | Path | None = CROSSLINGUAL_ARTIFACT,
        semantic: str | Path | None = SEMANTIC_ARTIFACT,
        transformer: str | Path | None = TRANSFORMER_ARTIFACT,
    ) -> Classifier:
        """Load an artifact; ``crosslingual`` names the cross-language relevance artifact
        (``None``: comments in another language than their article get no off_topic score),
        ``semantic`` the meaning-based violation artifact (``None``: words only),
        ``transformer`` the English cascade's second stage (``None``: words only)."""
        directory = Path(path)
        try:
            manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise ArtifactError(f"cannot read {directory / 'manifest.json'}: {error}") from error
        check_manifest(manifest)
        built = manifest["features"]
        if (built.get("char_ngram"), built.get("char_weight")) != (
            feats.CHAR_NGRAM,
            feats.CHAR_WEIGHT,
        ):
            raise ArtifactError(
                f"artifact features (char n-gram {built.get('char_ngram')}, weight "
                f"{built.get('char_weight')}) differ from this code's ({feats.CHAR_NGRAM}, "
                f"{feats.CHAR_WEIGHT}): retrain it"
            )
        try:
            arrays = np.load(directory / manifest["weights_file"], allow_pickle=False)
        except (OSError, ValueError) as error:
            raise ArtifactError(f"cannot read weights: {error}") from error
        heads: dict[str, Head] = {}
        for name, head in manifest["heads"].items():
            if list(head["columns"]) != list(HEAD_COLUMNS):
                raise ArtifactError(f"head {name!r} columns do not match {HEAD_COLUMNS}")
            weights = arrays[f"{name}.weights"].astype(np.float32)
            if weights.shape != (int(manifest["features"]["n_features"]), len(HEAD_COLUMNS)):
                raise ArtifactError(f"head {name!r} has weights of shape {weights.shape}")
            heads[name] = Head(
                weights=weights,
                bias=arrays[f"{name}.bias"].astype(np.float32),
                calibration=np.asarray(
                    [head["calibration"][c] for c in HEAD_COLUMNS], dtype=np.float64
                ),
                combine=_combine_mode(head.get("combine", "direct"), name),
            )
        relevance = _relevance_model(manifest["relevance"], arrays["relevance.idf"])
        across = None
        if crosslingual is not None and (Path(crosslingual) / "manifest.json").exists():
            # Cheap: the multilingual encoder itself loads on the first cross-language comment.
            across = CrossLingualRelevance.from_artifact(crosslingual)
        meaning = None
        if semantic is not None and (Path(semantic) / "manifest.json").exists():
            meaning = SemanticScorer.from_artifact(semantic)
        second_stage = None
        if transformer is not None and (Path(transformer) / "manifest.json").exists():
            # Cheap: ONNX Runtime loads the model on the first comment it reads.
            second_stage = TransformerScorer.from_artifact(transformer)
        return cls(
            manifest=manifest,
            heads=heads,
            relevance=relevance,
            crosslingual=across,
            semantic=meaning,
            transformer=second_stage,
        )

    # -- scoring ---------------------------------------------------------------------------
    def predict(
        self,
        items: Sequence[CommentInput],
        *,
        relevance_across: str = "all",
        semantic: str = "all",
    ) -> list[Prediction]:
        """Scores per item. ``relevance_across``: one of :data:`RELEVANCE_ACROSS_MODES`; with
        ``"auto_decide"``, a comment whose language may not auto-decide and that is in another
        language than its article gets no off_topic now and ``"off_topic"`` in ``deferred``.
        ``semantic``: one of :data:`SEMANTIC_MODES`; with ``"auto_decide"``, a comment in a
        language that may not auto-decide, or an English one the words leave uncertain, keeps
        its words-only scores and gets ``"semantic"`` in ``deferred`` (when a second model
        would score it)."""
        if relevance_across not in RELEVANCE_ACROSS_MODES:
            raise ValueError(
                f"relevance_across must be one of {RELEVANCE_ACROSS_MODES}, "
                f"not {relevance_across!r}"
            )
        if semantic not in SEMANTIC_MODES:
            raise ValueError(f"semantic must be one of {SEMANTIC_MODES}, not {semantic!r}")
        if not items:
            return []
        needs_id = [i for i, item in enumerate(items) if not item.lang]
        identified = _identify_language([items[i].text for i in needs_id]) if needs_id else []
        langs: list[tuple[str, float]] = [(item.lang or "", 1.0) for item in items]
        for i, pair in zip(needs_id, identified, strict=True):
            langs[i] = pair
        normalized = [normalize(item.text) for item in items]
        keys = [feats.token_keys(n) for n in normalized]
        probabilities = np.zeros((len(items), len(HEAD_COLUMNS)))
        shares: list[npt.NDArray[np.float64]] = [np.zeros((0, 0))] * len(items)
        by_head: dict[str, list[int]] = {}
        for i, (lang, _) in enumerate(langs):
            by_head.setdefault(self.head_name_for(lang), []).append(i)
        for head_name, members in by_head.items():
            head = self.heads[head_name]
            batch_probabilities, batch_shares = self._score(head, [keys[i] for i in members])
            probabilities[members] = batch_probabilities
            for i, share in zip(members, batch_shares, strict=True):
                shares[i] = share
        off_topic, across, deferred = self._off_topic_batch(
            items, keys, normalized, langs, defer_untrusted=relevance_across == "auto_decide"
        )
        meaning, semantic_deferred = self._semantic_plan(langs, semantic)
        off_topic_across, violates, by_category = self._by_meaning(items, across, meaning)
        off_topic.update(off_topic_across)
        n_cat = len(SCORED_CATEGORIES)
        rows = probabilities.tolist()  # Python floats once, not a numpy scalar per value
        all_scores: list[dict[str, float]] = []
        for i, row in enumerate(rows):
            scores = {c: round(p, 4) for c, p in zip(SCORED_CATEGORIES, row[:n_cat], strict=True)}
            if i in violates and self.semantic is not None:
                scores = self.semantic.blend(scores, violates[i], langs[i][0], by_category.get(i))
            all_scores.append(scores)
        # Which models scored each item, recorded on its decision: the words' version, then
        # "+" and each second model's that changed its scores.
        versions = [self.model_version] * len(items)
        if self.semantic is not None:
            for i in violates:
                if self.semantic.weight_for(langs[i][0]) > 0:
                    versions[i] += f"+{self.semantic.version}"
        cascade, cascade_deferred = self._cascade_plan(langs, all_scores, off_topic, semantic)
        if cascade and self.transformer is not None:
            read = self.transformer.probabilities([items[i].text for i in cascade])
            for i, row in zip(cascade, read, strict=True):
                all_scores[i] = self.transformer.blend(all_scores[i], row, langs[i][0])
                versions[i] += f"+{self.transformer.version}"
        semantic_deferred |= cascade_deferred
        predictions = []
        for i, item in enumerate(items):
            scores = all_scores[i]
            abuse = scores["abuse"]
            abuse_target = {
                t: round(abuse * p, 4)
                for t, p in zip(
                    ABUSE_TARGETS, rows[i][n_cat : n_cat + len(ABUSE_TARGETS)], strict=True
                )
            }
            lexicon_spans = (
                _lexicon_hits(item.text, scores, abuse_target) if langs[i][0] != "en" else []
            )
            if i in off_topic:
                scores = {"off_topic": round(off_topic[i], 4), **scores}
            predictions.append(
                Prediction(
                    scores=scores,
                    abuse_target=abuse_target,
                    spans=_merge_spans(
                        self._spans(normalized[i], keys[i], shares[i], scores), lexicon_spans
                    ),
                    lang=langs[i][0],
                    lang_confidence=round(langs[i][1], 4),
                    model_version=versions[i],
                    deferred=(
                        *(("off_topic",) if i in deferred else ()),
                        *(("semantic",) if i in semantic_deferred else ()),
                    ),
                )
            )
        return predictions

    def _semantic_plan(
        self, langs: Sequence[tuple[str, float]], mode: str
    ) -> tuple[list[int], set[int]]:
        """The items the semantic model scores now, and those it leaves for later."""
        if self.semantic is None or mode == "off":
            return [], set()
        now: list[int] = []
        later: set[int] = set()
        for i, (lang, _) in enumerate(langs):
            if self.semantic.weight_for(lang) <= 0:
                continue
            if mode == "auto_decide" and not self.auto_decides(lang):
                later.add(i)
            else:
                now.append(i)
        return now, later

    def _cascade_plan(
        self,
        langs: Sequence[tuple[str, float]],
        scores: Sequence[dict[str, float]],
        off_topic: dict[int, float],
        mode: str,
    ) -> tuple[list[int], set[int]]:
        """The items the transformer (the English cascade's second stage) reads now, and those
        left for later: in its languages, those whose verdict so far is "review" (cascade
        "uncertain") or every one ("every"). It costs ~10 ms a comment, so a first pass
        (``"auto_decide"``) leaves all of them for later: an uncertain comment is held for a
        human anyway, so no decision waits for it."""
        if self.transformer is None or mode == "off":
            return [], set()
        chosen: list[int] = []
        for i, (lang, _) in enumerate(langs):
            if self.transformer.weight_for(lang) <= 0:
                continue
            if self.transformer.cascade_for(lang) == "uncertain":
                so_far = dict(scores[i])
                if i in off_topic:
                    so_far["off_topic"] = off_topic[i]
                if self._verdict(so_far, lang).decision != "review":
                    continue
            chosen.append(i)
        if mode == "auto_decide":
            return [], set(chosen)
        return chosen, set()

    def _by_meaning(
        self, items: Sequence[CommentInput], across: list[int], meaning: list[int]
    ) -> tuple[dict[int, float], dict[int, float], dict[int, dict[str, float]]]:
        """off_topic of the items ``across`` languages, and P(violates) and P(category) of each
        category head for the items given to the semantic model (``meaning``), from one
        embedding per comment."""
        needs_vector = sorted(set(across) | set(meaning))
        if not needs_vector:
            return {}, {}, {}
        vectors = self._embed([items[i].text for i in needs_vector])
        row_of = {i: k for k, i in enumerate(needs_vector)}
        off_topic: dict[int, float] = {}
        if across and self.crosslingual is not None:
            by_meaning = self.crosslingual.off_topic(
                [items[i].text for i in across],
                [
                    article_text(items[i].article_title or "", items[i].article_body or "")
                    for i in across
                ],
                comment_vectors=vectors[[row_of[i] for i in across]],
            )
            off_topic = dict(zip(across, by_meaning, strict=True))
        violates: dict[int, float] = {}
        by_category: dict[int, dict[str, float]] = {}
        if meaning and self.semantic is not None:
            meaning_vectors = vectors[[row_of[i] for i in meaning]]
            probabilities = self.semantic.probabilities(meaning_vectors)
            violates = {i: float(p) for i, p in zip(meaning, probabilities, strict=True)}
            per_head = self.semantic.category_probabilities(meaning_vectors)
            by_category = {
                i: {category: float(column[k]) for category, column in per_head.items()}
                for k, i in enumerate(meaning)
            }
        return off_topic, violates, by_category

    def _embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        """Query embeddings, from the relevance model's encoder when there is one (one engine
        per process either way)."""
        encoder = self.crosslingual.encoder if self.crosslingual is not None else e5_encoder()
        return unit_rows(encoder.query(texts))

    def refines_by_meaning(self, lang: str) -> bool:
        """Whether a second model (the multilingual meaning, or the English cascade's
        transformer) may change the words' scores of comments in ``lang``."""
        return any(
            stage is not None and stage.weight_for(lang) > 0
            for stage in (self.semantic, self.transformer)
        )

    def auto_decides(self, lang: str) -> bool:
        """Whether the manifest lets the model decide alone for comments in ``lang``."""
        languages = self.manifest.get("languages", {})
        return bool(languages.get(lang, {}).get("auto_decide", False))

    def head_name_for(self, lang: str) -> str:
        languages = self.manifest.get("languages", {})
        return str(languages.get(lang, {}).get("head") or self.manifest["default_head"])

    def _score(
        self, head: Head, keys: list[list[str]]
    ) -> tuple[npt.NDArray[np.float64], list[npt.NDArray[np.float64]]]:
        """Calibrated probabilities per document and each token's calibrated-logit share."""
        lengths = np.array([len(k) for k in keys])
        bounds = np.concatenate([[0], np.cumsum(lengths)])
        with feats.TOKENS.lock:  # the ids stay valid (and each head's cache consistent) until done
            batch = feats.BatchTokens.of(keys)
            token_part = head.token_logits(batch, self.n_features).astype(np.float64)
            bigram_index, bigram_sign, bigram_bounds = feats.batch_bigrams(
                batch, self.n_features, distinct=self.binary
            )
            if self.binary:  # presence features: each distinct token counts once
                occurrence_weight, distinct_counts = feats.presence_weights(batch)
            else:
                occurrence_weight, distinct_counts = np.ones(len(batch.ids)), lengths
        bigram_part = head.weights[bigram_index].astype(np.float64) * bigram_sign[:, None]
        scale = 1.0 / np.sqrt(distinct_counts + 1.0)
        raw = (
            _segment_sums(token_part * occurrence_weight[:, None], bounds)
            + _segment_sums(bigram_part, bigram_bounds)
        ) * scale[:, None] + head.bias
        slope = head.calibration[:, 0]
        probabilities = calibrated_probabilities(raw, head.calibration, head.combine)
        shares = [
            token_part[bounds[d] : bounds[d + 1]] * (scale[d] * slope) for d in range(len(keys))
        ]
        if head.combine in ("factorized", "geometric"):
            # a token's share of a category's score combines its shares of both columns
            # (the log of the score is their sum, or half of it for the geometric mean)
            factor = 1.0 if head.combine == "factorized" else 0.5
            for share in shares:
                share[:, :N_CATEGORIES] = factor * (
                    share[:, :N_CATEGORIES] + share[:, REJECT_INDEX : REJECT_INDEX + 1]
                )
        return probabilities, shares

    def _off_topic_batch(
        self,
        items: Sequence[CommentInput],
        keys: list[list[str]],
        normalized: list[Normalized],
        langs: list[tuple[str, float]],
        *,
        defer_untrusted: bool = False,
    ) -> tuple[dict[int, float], list[int], set[int]]:
        """off_topic per item that has an article by shared words within a language; the items
        across languages that the multilingual model must score (none without that model: no
        guess); and those across languages left for later (``defer_untrusted``: those whose
        language may not auto-decide)."""
        off_topic: dict[int, float] = {}
        across: list[int] = []
        deferred: set[int] = set()
        by_words: list[int] = []
        for i, item in enumerate(items):
            if not (item.article_title or item.article_body):
                continue
            if not self._across_languages(item, normalized[i], langs[i][0]):
                by_words.append(i)
            elif self.crosslingual is None:
                continue
            elif defer_untrusted and not self.auto_decides(langs[i][0]):
                deferred.add(i)
            else:
                across.append(i)
        if by_words:
            scores = off_topic_batch(
                self.relevance,
                [keys[i] for i in by_words],
                [self._article_vector(items[i]) for i in by_words],
            )
            off_topic.update(zip(by_words, scores.tolist(), strict=True))
        return off_topic, across, deferred

    def _across_languages(self, item: CommentInput, normalized: Normalized, lang: str) -> bool:
        key = (item.article_title or "", item.article_body or "")
        if len(self._article_scripts) > ARTICLE_CACHE_LIMIT:
            self._article_scripts.clear()
            self._article_langs.clear()
        if key not in self._article_scripts:
            self._article_scripts[key] = _script_of(" ".join(key))
        if _script_of(normalized.text) != self._article_scripts[key]:
            return True
        article_lang = item.article_lang
        if not article_lang:  # the caller knows the story's language; detect only without it
            if key not in self._article_langs:
                self._article_langs[key] = _identify_language([f"{key[0]}\n{key[1][:1000]}"])[0][0]
            article_lang = self._article_langs[key]
        return len({lang, article_lang} - {"", "other"}) == 2

    def _article_vector(self, item: CommentInput) -> ArticleVector:
        cache_key = (item.article_title or "", item.article_body or "")
        article_vector = self._article_cache.get(cache_key)
        if article_vector is None:
            if len(self._article_cache) > ARTICLE_CACHE_LIMIT:
                self._article_cache.clear()
            title = [t.text for t in feats.tokenize(normalize(cache_key[0]))]
            body = [t.text for t in feats.tokenize(normalize(cache_key[1]))]
            # the title says what the story is about: count its terms twice
            vector = self.relevance.vector(content_terms(title * 2 + body))
            article_vector = self._article_cache[cache_key] = ArticleVector.of(vector)
        return article_vector

    def _spans(
        self,
        normalized: Normalized,
        keys: list[str],
        logits: npt.NDArray[np.float64],
        scores: dict[str, float],
    ) -> list[Span]:
        spans: list[Span] = []
        if all(scores[c] < SPAN_MIN_SCORE for c in SCORED_CATEGORIES):
            return spans
        bounds = feats.token_spans(normalized, keys)  # offsets only where a span may be shown
        for k, category in enumerate(SCORED_CATEGORIES):
            if scores[category] < SPAN_MIN_SCORE or not bounds:
                continue
            column = logits[: len(bounds), k]
            floor = max(SPAN_MIN_LOGIT, SPAN_RELATIVE * float(column.max()))
            current: list[int] | None = None  # [start, end] in normalised text, weight below
            weight = 0.0
            # only tokens at or above the floor can be in a span: one below it between two
            # above it is a word in the gap, so it ends the span as if visited
            for position in np.flatnonzero(column >= floor).tolist():
                start, end = bounds[position]
                value = float(column[position])
                if current is not None and _only_gap(normalized.text, current[1], start):
                    current[1] = end
                    weight = max(weight, value)
                else:
                    if current is not None:
                        spans.append(_span(normalized, current, category, weight))
                    current, weight = [start, end], value
            if current is not None:
                spans.append(_span(normalized, current, category, weight))
        return sorted(spans, key=lambda s: (s.start, s.category))

    # -- deciding --------------------------------------------------------------------------
    def decide(self, prediction: Prediction) -> Verdict:
        """The default ``auto`` policy: reject, approve, or send to a human with reasons."""
        return self._verdict(prediction.scores, prediction.lang)

    def _verdict(self, scores: dict[str, float], lang: str) -> Verdict:
        thresholds = self.manifest["thresholds"]
        reject_at, approve_at = thresholds["reject"], thresholds["approve"]
        rejected = sorted(
            (c for c, p in scores.items() if p >= reject_at[c]), key=lambda c: -scores[c]
        )
        uncertain = [c for c, p in scores.items() if approve_at[c] < p < reject_at[c]]
        if not self.auto_decides(lang):
            return Verdict("review", ["language_untrusted", *rejected, *uncertain])
        if rejected:
            return Verdict("reject", rejected)
        if uncertain:
            return Verdict("review", uncertain)
        return Verdict("approve", [])


def calibrated_probabilities(
    raw: npt.NDArray[np.float64], calibration: npt.NDArray[np.float64], combine: str
) -> npt.NDArray[np.float64]:
    """Per-column probabilities from raw logits (rows x HEAD_COLUMNS), the category columns
    combined with the "reject" column as ``combine`` says (see COMBINE_MODES)."""
    probabilities = sigmoid(raw * calibration[:, 0] + calibration[:, 1])
    violates = probabilities[:, REJECT_INDEX : REJECT_INDEX + 1]
    if combine == "factorized":
        probabilities[:, :N_CATEGORIES] *= violates
    elif combine == "geometric":
        probabilities[:, :N_CATEGORIES] = np.sqrt(probabilities[:, :N_CATEGORIES] * violates)
    return probabilities


def _relevance_model(entry: Mapping[str, Any], idf: npt.NDArray[Any]) -> RelevanceModel:
    """The off-topic models of a manifest's ``relevance`` entry (``headline``: absent or null in
    artifacts from before 2026-12-03, which have one model for every article)."""

    def logit(part: Mapping[str, Any]) -> OffTopicLogit:
        coef = tuple(float(c) for c in part["coef"])
        if len(coef) != 3:
            raise ArtifactError(f"relevance: expected 3 coefficients, not {len(coef)}")
        return OffTopicLogit((coef[0], coef[1], coef[2]), float(part["intercept"]))

    whole = logit(entry)
    headline = entry.get("headline")
    return RelevanceModel(
        idf=idf.astype(np.float32),
        coef=whole.coef,
        intercept=whole.intercept,
        headline=logit(headline) if headline else None,
        headline_max_terms=int(headline["max_article_terms"]) if headline else 0,
    )


def _combine_mode(value: object, head: str) -> str:
    if value not in COMBINE_MODES:
        raise ArtifactError(f"head {head!r}: unknown combine mode {value!r}")
    return str(value)


def _segment_sums(
    values: npt.NDArray[np.float64], bounds: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Row sums of ``values`` between consecutive ``bounds`` (empty segments give zeros)."""
    cumulative = np.vstack([np.zeros((1, len(HEAD_COLUMNS))), np.cumsum(values, axis=0)])
    sums: npt.NDArray[np.float64] = cumulative[bounds[1:]] - cumulative[bounds[:-1]]
    return sums


def _only_gap(text: str, end: int, start: int) -> bool:
    return all(not c.isalnum() for c in text[end:start]) and start - end <= 3


def _span(normalized: Normalized, bounds: list[int], category: str, weight: float) -> Span:
    start, end = normalized.span_to_original(bounds[0], bounds[1])
    return Span(start=start, end=end, category=category, weight=round(weight, 3))


def _lexicon_hits(
    text: str, scores: dict[str, float], abuse_target: dict[str, float]
) -> list[Span]:
    """Raise the scores of the categories whose lexicon terms ``text`` holds; their spans."""
    spans = []
    for match in load_lexicons().find(text):
        scores[match.category] = max(scores[match.category], LEXICON_SCORE)
        if match.abuse_target:
            abuse_target[match.abuse_target] = max(abuse_target[match.abuse_target], LEXICON_SCORE)
        spans.append(Span(start=match.start, end=match.end, category=match.category, weight=1.0))
    return spans


def _merge_spans(model_spans: list[Span], lexicon_spans: list[Span]) -> list[Span]:
    if not lexicon_spans:
        return model_spans
    seen = {(s.start, s.end, s.category) for s in lexicon_spans}
    kept = [s for s in model_spans if (s.start, s.end, s.category) not in seen]
    return sorted(kept + lexicon_spans, key=lambda s: (s.start, s.end, s.category))


def _script_of(text: str) -> str:
    """ "arabic" when the text has more Arabic-block characters than ASCII letters."""
    if text.isascii():
        return "latin"
    arabic = len(_ARABIC_BLOCK.findall(text))
    latin = len(_ASCII_LETTER.findall(text))
    return "arabic" if arabic > latin else "latin"


_ARABIC_BLOCK: Final = re.compile("[\u0600-\u06ff]")
_ASCII_LETTER: Final = re.compile("[A-Za-z]")


def check_manifest(manifest: dict[str, Any]) -> None:
    """Refuse an artifact built for another label set or format."""
    if manifest.get("format") != FORMAT:
        raise ArtifactError(f"unknown artifact format {manifest.get('format')!r}")
    if tuple(manifest.get("labels", ())) != CATEGORIES:
        raise ArtifactError(
            f"artifact labels {manifest.get('labels')} do not match CATEGORIES {CATEGORIES}"
        )
    if tuple(manifest.get("abuse_targets", ())) != ABUSE_TARGETS:
        raise ArtifactError("artifact abuse targets do not match ABUSE_TARGETS")
    for kind in ("reject", "approve"):
        if set(manifest.get("thresholds", {}).get(kind, {})) != set(CATEGORIES):
            raise ArtifactError(f"thresholds.{kind} must cover every category")
    for key in ("version", "weights_file", "heads", "default_head", "relevance", "features"):
        if key not in manifest:
            raise ArtifactError(f"manifest has no {key!r}")


def probability_to_logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))
