"""``majlis evaluate``: score an artifact on every evaluation set and write the report.

Evaluation sets are the held-out ``test`` split of every set that may train the model
(permissive) and every row of the sets that may not (research, non-commercial, held for
evaluation). Large sets are subsampled with a fixed seed; the report says where.

The scoring functions take plain lists (examples, predictions, decisions), so they are tested
without a model; ``main`` wires in ``classifier.Classifier``.
"""

from __future__ import annotations

import argparse
import importlib
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from tqdm import tqdm

from classifier import metrics
from classifier.datasets import DatasetSpec, Example, LicenseClass, all_specs
from classifier.labels import ABUSE_TARGETS, CATEGORIES

DEFAULT_MAX_PER_SET = 12_000  # C3 has 12,000 rows: keep it whole at its natural mix
DEFAULT_SEED = 20261123
DEFAULT_BATCH_SIZE = 256
HELD_OUT_SPLIT = "test"

# Violation categories whose maximum is the overall "should be rejected" score. off_topic only
# counts for sets that label relevance, the only ones whose articles reach the model.
VIOLATION_CATEGORIES: tuple[str, ...] = tuple(c for c in CATEGORIES if c != "off_topic")


class PredictionLike(Protocol):
    @property
    def scores(self) -> Mapping[str, float]: ...

    @property
    def abuse_target(self) -> Mapping[str, float]: ...

    @property
    def lang(self) -> str | None: ...


class ModelLike(Protocol):
    """What evaluation needs of ``classifier.Classifier``."""

    @property
    def manifest(self) -> Mapping[str, Any]: ...

    def predict(self, items: Sequence[Any]) -> Sequence[Any]: ...

    def decide(self, prediction: Any) -> Any: ...


# ---------------------------------------------------------------------------------------------
# Results


@dataclass
class CategoryResult:
    category: str
    report: metrics.BinaryReport | None
    skipped: str = ""  # why the category could not be scored
    reliability: list[metrics.ReliabilityBin] = field(default_factory=list)


@dataclass
class DecisionRates:
    """What the default ``auto`` policy did, split by the set's overall label."""

    acceptable: int
    violating: int
    false_reject_rate: float | None  # acceptable comments rejected
    acceptable_approved: float | None  # acceptable comments published without a human
    acceptable_review: float | None
    violating_rejected: float | None
    violating_approved: float | None  # violations published without a human: the worst error
    violating_review: float | None


LENGTH_BUCKETS: tuple[tuple[str, int, int], ...] = (
    ("under 20 words", 0, 20),
    ("20-59 words", 20, 60),
    ("60+ words", 60, 10**9),
)


@dataclass
class LengthBucket:
    bucket: str
    acceptable: int
    acceptable_mean_score: float | None
    violating: int
    violating_mean_score: float | None


def length_buckets(
    texts: Sequence[str], labels: Sequence[int], scores: Sequence[float]
) -> list[LengthBucket]:
    words = np.array([len(text.split()) for text in texts])
    y = np.asarray(labels, dtype=np.int64)
    p = np.asarray(scores, dtype=np.float64)
    buckets = []
    for name, low, high in LENGTH_BUCKETS:
        inside = (words >= low) & (words < high)
        ok, bad = inside & (y == 0), inside & (y == 1)
        buckets.append(
            LengthBucket(
                bucket=name,
                acceptable=int(ok.sum()),
                acceptable_mean_score=float(p[ok].mean()) if ok.any() else None,
                violating=int(bad.sum()),
                violating_mean_score=float(p[bad].mean()) if bad.any() else None,
            )
        )
    return buckets


@dataclass
class SetResult:
    name: str
    license_class: str
    languages: tuple[str, ...]
    domain: str
    notes: str
    rows_available: int
    rows_evaluated: int
    subsampled: bool
    splits: tuple[str, ...]
    categories: dict[str, CategoryResult]
    should_reject: metrics.BinaryReport | None
    should_reject_reliability: list[metrics.ReliabilityBin]
    decisions: DecisionRates | None
    abuse_target_accuracy: float | None
    abuse_target_rows: int
    language_agreement: float | None  # share of rows the model saw in the set's language
    # Mean should-reject score by comment length, split by label: shows a model that learned
    # "long news-style comment means reject" (the trap of the permissive training data).
    by_length: list[LengthBucket] = field(default_factory=list)
    # Sets in several languages: the should-reject numbers per language of the rows.
    by_language: dict[str, metrics.BinaryReport] = field(default_factory=dict)
    seconds: float = 0.0
    comments_per_second: float | None = None
    # The first pass of the server (words alone, ``semantic="off"``) where the semantic model
    # changes the scores: its should-reject numbers and speed, beside the full model's above.
    words_only: metrics.BinaryReport | None = None
    words_only_comments_per_second: float | None = None
    # Plot data only (not in metrics.json): (recall, precision) of the should-reject score.
    pr_curve: tuple[Any, Any] | None = None


# ---------------------------------------------------------------------------------------------
# Selecting the rows


def evaluation_rows(spec: DatasetSpec, examples: Iterable[Example]) -> list[Example]:
    """Rows of ``spec`` that evaluate the model: labelled, and never trainable rows."""
    rows = []
    for example in examples:
        if spec.license_class is LicenseClass.PERMISSIVE and example.split != HELD_OUT_SPLIT:
            continue
        if example.should_reject is None and not example.labels:
            continue
        rows.append(example)
    return rows


def subsample(rows: Sequence[Example], limit: int | None, seed: int) -> list[Example]:
    """A seeded uniform sample (keeps the set's natural mix), in the original order."""
    if limit is None or len(rows) <= limit:
        return list(rows)
    keep = np.random.default_rng(seed).choice(len(rows), size=limit, replace=False)
    return [rows[i] for i in sorted(keep.tolist())]


# ---------------------------------------------------------------------------------------------
# Scoring (pure: no model)


def decision_label(result: Any) -> str:
    """``clf.decide`` may answer a string, a (decision, reasons) pair or an object."""
    if isinstance(result, str):
        return result
    if isinstance(result, tuple | list) and result:
        return str(result[0])
    for attribute in ("decision", "action", "outcome"):
        value = getattr(result, attribute, None)
        if value is not None:
            return str(getattr(value, "value", value))
    if isinstance(result, Mapping) and "decision" in result:
        return str(result["decision"])
    raise TypeError(f"cannot read a decision from {result!r}")


def should_reject_score(prediction: PredictionLike, *, include_off_topic: bool = False) -> float:
    categories = CATEGORIES if include_off_topic else VIOLATION_CATEGORIES
    values = [float(prediction.scores[c]) for c in categories if c in prediction.scores]
    if not values:
        raise ValueError("prediction has no violation scores")
    return max(values)


def _rate(mask: Any, chosen: Any) -> float | None:
    count = int(np.sum(mask))
    return float(np.sum(mask & chosen)) / count if count else None


def decision_rates(labels: Sequence[int], decisions: Sequence[str]) -> DecisionRates:
    y = np.asarray(labels, dtype=np.int64)
    d = np.asarray(decisions, dtype=object)
    acceptable, violating = y == 0, y == 1
    rejected, approved, review = d == "reject", d == "approve", ~np.isin(d, ("reject", "approve"))
    return DecisionRates(
        acceptable=int(acceptable.sum()),
        violating=int(violating.sum()),
        false_reject_rate=metrics.false_reject_rate(y, rejected) if y.size else None,
        acceptable_approved=_rate(acceptable, approved),
        acceptable_review=_rate(acceptable, review),
        violating_rejected=_rate(violating, rejected),
        violating_approved=_rate(violating, approved),
        violating_review=_rate(violating, review),
    )


def _score_category(
    category: str,
    rows: Sequence[Example],
    predictions: Sequence[PredictionLike],
    threshold: float | None,
    n_bins: int,
) -> CategoryResult:
    indices = [i for i, row in enumerate(rows) if category in row.labels]
    scored = [i for i in indices if category in predictions[i].scores]
    if not indices:
        return CategoryResult(category, None, "no labelled rows")
    if not scored:
        return CategoryResult(category, None, "model gives no score")
    y = [rows[i].labels[category] for i in scored]
    p = [float(predictions[i].scores[category]) for i in scored]
    return CategoryResult(
        category,
        metrics.binary_report(y, p, threshold, n_bins),
        reliability=metrics.reliability_bins(y, np.clip(p, 0.0, 1.0), n_bins),
    )


def _abuse_target_accuracy(
    rows: Sequence[Example], predictions: Sequence[PredictionLike]
) -> tuple[float | None, int]:
    """Top-1 accuracy of the predicted target on abusive rows whose target is known."""
    known = [
        i
        for i, row in enumerate(rows)
        if row.abuse_target in ABUSE_TARGETS and predictions[i].abuse_target
    ]
    hits = 0
    for i in known:
        targets = predictions[i].abuse_target
        hits += max(targets, key=lambda t: targets[t]) == rows[i].abuse_target
    return (hits / len(known) if known else None), len(known)


def score_set(
    spec: DatasetSpec,
    rows: Sequence[Example],
    predictions: Sequence[PredictionLike],
    decisions: Sequence[str],
    reject_thresholds: Mapping[str, float],
    *,
    rows_available: int | None = None,
    n_bins: int = 10,
) -> SetResult:
    if not len(rows) == len(predictions) == len(decisions):
        raise ValueError("rows, predictions and decisions must have the same length")
    categories = {
        category: _score_category(
            category, rows, predictions, reject_thresholds.get(category), n_bins
        )
        for category in spec.categories
    }

    include_off_topic = "off_topic" in spec.categories
    overall = [i for i, row in enumerate(rows) if row.should_reject is not None]
    y_all = [int(rows[i].should_reject or 0) for i in overall]
    p_all = [
        should_reject_score(predictions[i], include_off_topic=include_off_topic) for i in overall
    ]
    should_reject = metrics.binary_report(y_all, p_all, None, n_bins) if overall else None

    target_accuracy, target_rows = _abuse_target_accuracy(rows, predictions)
    by_language = {}
    if len(spec.languages) > 1:
        for lang in sorted({rows[i].lang for i in overall}):
            mine = [k for k, i in enumerate(overall) if rows[i].lang == lang]
            by_language[lang] = metrics.binary_report(
                [y_all[k] for k in mine], [p_all[k] for k in mine], None, n_bins
            )
    agreement = [predictions[i].lang == row.lang for i, row in enumerate(rows)]
    return SetResult(
        name=spec.name,
        license_class=str(spec.license_class),
        languages=spec.languages,
        domain=spec.domain,
        notes=spec.notes,
        rows_available=rows_available if rows_available is not None else len(rows),
        rows_evaluated=len(rows),
        subsampled=rows_available is not None and rows_available > len(rows),
        splits=tuple(sorted({row.split for row in rows})),
        categories=categories,
        should_reject=should_reject,
        should_reject_reliability=metrics.reliability_bins(y_all, np.clip(p_all, 0.0, 1.0), n_bins)
        if overall
        else [],
        decisions=decision_rates(y_all, [decisions[i] for i in overall]) if overall else None,
        abuse_target_accuracy=target_accuracy,
        abuse_target_rows=target_rows,
        language_agreement=float(np.mean(agreement)) if agreement else None,
        pr_curve=metrics.pr_curve(y_all, p_all) if overall else None,
        by_language=by_language,
        by_length=length_buckets([rows[i].text for i in overall], y_all, p_all),
    )


# ---------------------------------------------------------------------------------------------
# Running a model


def classifier_api() -> tuple[Any, Any]:
    """``(Classifier, CommentInput)`` of the classifier package (docs/ARCHITECTURE.md)."""
    package = importlib.import_module("classifier")
    if not hasattr(package, "Classifier"):
        package = importlib.import_module("classifier.model")
    return package.Classifier, package.CommentInput


InputFactory = Callable[[Example, bool, bool], Any]
"""(example, given_lang, with_article) -> a ``CommentInput``."""


def _comment_input_factory() -> InputFactory:
    _, comment_input = classifier_api()

    def make(example: Example, given_lang: bool, with_article: bool) -> Any:
        return comment_input(
            text=example.text,
            lang=example.lang if given_lang else None,
            article_title=example.article_title if with_article else None,
            article_body=example.article_body if with_article else None,
        )

    return make


def load_rows(
    spec: DatasetSpec, data_dir: str, *, limit: int | None, seed: int
) -> tuple[list[Example], int]:
    """(evaluation rows, possibly subsampled; number available before subsampling)."""
    available = evaluation_rows(spec, spec.load(data_dir))
    return subsample(available, limit, seed), len(available)


def evaluate_spec(
    model: ModelLike,
    spec: DatasetSpec,
    rows: Sequence[Example],
    *,
    make_input: InputFactory,
    rows_available: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    given_lang: bool = False,
    progress: bool = True,
) -> SetResult:
    """Run the model over ``rows`` in batches (with a progress bar) and score the set."""
    # The article goes to the model only where the set labels relevance: elsewhere an off_topic
    # score would count against comments whose label never considered relevance.
    with_article = "off_topic" in spec.categories
    predictions: list[Any] = []
    started = time.perf_counter()
    with tqdm(total=len(rows), desc=spec.name, unit="comment", disable=not progress) as bar:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            inputs = [make_input(row, given_lang, with_article) for row in batch]
            predictions.extend(model.predict(inputs))
            bar.update(len(batch))
    seconds = time.perf_counter() - started
    words_only, words_seconds = _words_only_scores(
        model, spec, rows, make_input, given_lang, with_article, batch_size
    )
    decisions = [decision_label(model.decide(p)) for p in predictions]
    result = score_set(
        spec,
        rows,
        predictions,
        decisions,
        reject_thresholds_of(model.manifest),
        rows_available=rows_available,
    )
    result.seconds = seconds
    result.comments_per_second = len(rows) / seconds if seconds > 0 else None
    if words_only is not None:
        overall = [i for i, row in enumerate(rows) if row.should_reject is not None]
        if overall:
            result.words_only = metrics.binary_report(
                [int(rows[i].should_reject or 0) for i in overall],
                [
                    should_reject_score(words_only[i], include_off_topic=with_article)
                    for i in overall
                ],
                None,
            )
            result.words_only_comments_per_second = (
                len(rows) / words_seconds if words_seconds > 0 else None
            )
    return result


def _words_only_scores(
    model: ModelLike,
    spec: DatasetSpec,
    rows: Sequence[Example],
    make_input: InputFactory,
    given_lang: bool,
    with_article: bool,
    batch_size: int,
) -> tuple[list[Any] | None, float]:
    """The words-only predictions (``semantic="off"``) for a set in a language where a second
    model refines the words (``Classifier.refines_by_meaning``); ``(None, 0)`` otherwise."""
    refines = getattr(model, "refines_by_meaning", None)
    if refines is None or not any(refines(lang) for lang in spec.languages):
        return None, 0.0
    started = time.perf_counter()
    words: list[Any] = []
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        inputs = [make_input(row, given_lang, with_article) for row in batch]
        words.extend(model.predict(inputs, semantic="off"))  # type: ignore[call-arg]
    return words, time.perf_counter() - started


def reject_thresholds_of(manifest: Mapping[str, Any]) -> dict[str, float]:
    thresholds = manifest.get("thresholds", {})
    reject = thresholds.get("reject", {}) if isinstance(thresholds, Mapping) else {}
    return {str(k): float(v) for k, v in reject.items()} if isinstance(reject, Mapping) else {}


def language_id_section(data_dir: str) -> dict[str, Any] | None:
    """The language engineer's ``classifier.langid_eval.evaluate_language_id``, if present.

    It returns an object with ``markdown`` and ``metrics`` (or a dict with ``tables``/``notes``).
    """
    try:
        module = importlib.import_module("classifier.langid_eval")
    except ImportError:
        return None
    function = getattr(module, "evaluate_language_id", None)
    if function is None:
        return None
    try:
        result = function(data_dir=data_dir)
    except Exception as error:  # an optional section must not discard the whole evaluation
        return {"notes": f"_The language-ID evaluation failed: {type(error).__name__}: {error}_"}
    if isinstance(result, Mapping):
        return dict(result)
    return {
        "markdown": str(getattr(result, "markdown", result)),
        "metrics": getattr(result, "metrics", None),
    }


def select_specs(names: Sequence[str] | None) -> list[DatasetSpec]:
    specs = all_specs()
    if not names:
        return list(specs.values())
    unknown = [n for n in names if n not in specs]
    if unknown:
        raise SystemExit(f"unknown data set(s): {', '.join(unknown)}; known: {', '.join(specs)}")
    return [specs[n] for n in names]


# ---------------------------------------------------------------------------------------------
# Command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", default="../shared/data", help="shared data directory")
    parser.add_argument(
        "--artifact", default=str(Path(__file__).parent / "artifacts" / "default"), help="model"
    )
    parser.add_argument("--report", default="docs/evaluation", help="output directory")
    parser.add_argument("--sets", nargs="+", metavar="NAME", help="only these data sets")
    parser.add_argument(
        "--limit",
        type=int,
        default=DEFAULT_MAX_PER_SET,
        help=f"at most this many rows per set, seeded sample (default {DEFAULT_MAX_PER_SET})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    parser.add_argument(
        "--given-lang",
        action="store_true",
        help="pass each set's language to the model instead of letting it detect the language",
    )
    parser.add_argument("--no-langid", action="store_true", help="skip the language-ID section")


def _display_path(path: str) -> str:
    """A path relative to the working directory when it lies below it (stable in reports)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _fill_defaults(args: argparse.Namespace) -> None:
    """Accept a namespace from a parser that declared only some of the options."""
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    for name, value in vars(parser.parse_args([])).items():
        if not hasattr(args, name):
            setattr(args, name, value)


def main(args: argparse.Namespace) -> int:
    from classifier.report import write_report  # report imports this module

    _fill_defaults(args)
    if args.limit is not None and args.limit < 1:
        raise SystemExit("--limit must be at least 1")
    classifier, _ = classifier_api()
    model = classifier.from_artifact(args.artifact)
    make_input = _comment_input_factory()
    results: list[SetResult] = []
    skipped: dict[str, str] = {}
    started = time.perf_counter()
    for spec in select_specs(args.sets):
        try:
            rows, available = load_rows(spec, args.data, limit=args.limit, seed=args.seed)
        except FileNotFoundError as error:
            skipped[spec.name] = f"data missing: {error.filename}"
            continue
        if not rows:
            skipped[spec.name] = "no evaluation rows (no held-out test split or no labels)"
            continue
        results.append(
            evaluate_spec(
                model,
                spec,
                rows,
                make_input=make_input,
                rows_available=available,
                batch_size=args.batch_size,
                given_lang=args.given_lang,
            )
        )
    langid = (
        {"notes": "_Skipped (`--no-langid`)._"}
        if args.no_langid
        else language_id_section(args.data)
    )
    out = write_report(
        Path(args.report),
        results,
        manifest=model.manifest,
        skipped=skipped,
        langid=langid,
        settings={
            "artifact": _display_path(args.artifact),
            "limit": args.limit,
            "seed": args.seed,
            "given_lang": args.given_lang,
            "wall_seconds": round(time.perf_counter() - started),
        },
    )
    print(f"wrote {out}")
    return 0
