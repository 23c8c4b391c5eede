"""Evaluation sets for the peer comparison, and the side-by-side metric table.

Pure functions (no peer, no model): which examples each set contributes, the seeded subsample,
the metric of one scorer on one (set, label) pair, and the Markdown table.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from classifier import metrics
from classifier.datasets import DatasetSpec, Example

# The overall "violates the guidelines" label, scored by every peer (see adapters/_protocol.py).
SHOULD_REJECT = "should_reject"
LABEL_TITLES = {SHOULD_REJECT: "reject (any)"}

# Sets of words, not comments: no peer (nor Majlis) is meant to score lone lexicon entries.
SKIPPED_DOMAINS = frozenset({"lexicon"})


def is_skipped(spec: DatasetSpec) -> bool:
    """Lexicons, and text the project writes itself: its held-out rows come from the same
    templates Majlis trains on, so they would measure memory, not judgement, against peers."""
    return spec.domain in SKIPPED_DOMAINS or "written by the project" in spec.domain


@dataclass(frozen=True)
class EvalSet:
    name: str
    license_class: str
    domain: str
    available: int  # English evaluation rows before subsampling
    examples: tuple[Example, ...]  # seeded shuffle, so every prefix is a random subset
    labels: tuple[str, ...]  # categories present in the rows, then SHOULD_REJECT if present

    def item_id(self, index: int) -> str:
        return f"{self.name}:{index}"


def evaluation_rows(spec: DatasetSpec, data_dir: str, lang: str = "en") -> list[Example]:
    """Held-out test rows of training (permissive) sets; every row of the others."""
    rows = [example for example in spec.load(data_dir) if example.lang == lang]
    if spec.license_class.may_train:
        rows = [example for example in rows if example.split == "test"]
    return rows


def subsample(rows: Sequence[Example], limit: int | None, seed: int, name: str) -> list[Example]:
    """A seeded shuffle cut to ``limit``; the same seed and set always give the same rows."""
    shuffled = list(rows)
    random.Random(f"{seed}:{name}").shuffle(shuffled)
    return shuffled if limit is None else shuffled[:limit]


def labels_present(examples: Iterable[Example]) -> tuple[str, ...]:
    categories: set[str] = set()
    has_reject = False
    for example in examples:
        categories.update(example.labels)
        has_reject = has_reject or example.should_reject is not None
    ordered = tuple(sorted(categories))
    return (*ordered, SHOULD_REJECT) if has_reject else ordered


def build_eval_set(
    spec: DatasetSpec, data_dir: str, limit: int | None, seed: int, lang: str = "en"
) -> EvalSet | None:
    if is_skipped(spec):
        return None
    rows = evaluation_rows(spec, data_dir, lang)
    if not rows:
        return None
    examples = subsample(rows, limit, seed, spec.name)
    labels = labels_present(examples)
    if not labels:
        return None
    return EvalSet(
        name=spec.name,
        license_class=spec.license_class.value,
        domain=spec.domain,
        available=len(rows),
        examples=tuple(examples),
        labels=labels,
    )


def gold(example: Example, label: str) -> int | None:
    return example.should_reject if label == SHOULD_REJECT else example.labels.get(label)


@dataclass(frozen=True)
class Cell:
    """One scorer on one (set, label): ROC-AUC for probabilities, F1 for yes/no answers."""

    metric: str  # "auc" | "f1"
    value: float | None  # None: undefined (one class only) on the rows this scorer saw
    n: int
    positives: int

    def render(self) -> str:
        if self.value is None:
            return "n/a"
        text = f"{self.value:.3f}" if self.metric == "auc" else f"F1 {self.value:.2f}"
        return text


def paired(
    eval_set: EvalSet, label: str, scores: Mapping[str, Mapping[str, float]]
) -> tuple[list[int], list[float]] | None:
    """Gold labels and scores over the rows this scorer scored that carry ``label``.

    ``None`` when the scorer has no score for this label (not comparable) or saw no such row.
    """
    y_true: list[int] = []
    y_score: list[float] = []
    for index, example in enumerate(eval_set.examples):
        truth = gold(example, label)
        row_scores = scores.get(eval_set.item_id(index))
        if truth is None or row_scores is None:
            continue
        if label not in row_scores:
            return None
        y_true.append(truth)
        y_score.append(row_scores[label])
    return (y_true, y_score) if y_true else None


def score_cell(
    eval_set: EvalSet,
    label: str,
    scores: Mapping[str, Mapping[str, float]],
    metric: str,
    threshold: float = 0.5,
) -> Cell | None:
    """ROC-AUC (``metric="auc"``) or F1 at ``threshold`` of one scorer on one (set, label)."""
    pairs = paired(eval_set, label, scores)
    if pairs is None:
        return None
    y_true, y_score = pairs
    if metric == "auc":
        value = metrics.roc_auc(y_true, y_score)
    else:
        value = metrics.f1_at(y_true, y_score, threshold)
    return Cell(metric=metric, value=value, n=len(y_true), positives=sum(y_true))


@dataclass(frozen=True)
class OperatingPoint:
    """What a scorer does when used as shipped: rejects at its own threshold."""

    recall: float | None  # share of violating rows rejected
    false_reject_rate: float | None  # share of acceptable rows rejected
    n: int

    def render(self) -> str:
        recall = "—" if self.recall is None else f"{self.recall:.2f}"
        frr = "—" if self.false_reject_rate is None else f"{self.false_reject_rate:.1%}"
        return f"{recall} / {frr}"


def operating_point(
    eval_set: EvalSet,
    label: str,
    scores: Mapping[str, Mapping[str, float]],
    threshold: float = 0.5,
) -> OperatingPoint | None:
    pairs = paired(eval_set, label, scores)
    if pairs is None:
        return None
    y_true, y_score = pairs
    rejected = [score >= threshold for score in y_score]
    return OperatingPoint(
        recall=metrics.at_threshold(y_true, y_score, threshold).recall,
        false_reject_rate=metrics.false_reject_rate(y_true, rejected),
        n=len(y_true),
    )


@dataclass(frozen=True)
class Row:
    set_name: str
    label: str
    n: int
    positives: int
    majlis_auc: Cell | None
    majlis_f1: Cell | None
    peers: dict[str, Cell | None]  # peer name -> cell (None: not comparable)

    @property
    def best_peer_auc(self) -> tuple[str, float] | None:
        scored = [
            (name, cell.value)
            for name, cell in self.peers.items()
            if cell is not None and cell.metric == "auc" and cell.value is not None
        ]
        return max(scored, key=lambda pair: pair[1]) if scored else None

    @property
    def margin(self) -> float | None:
        """Majlis ROC-AUC minus the best peer's: > 0 means Majlis is ahead."""
        best = self.best_peer_auc
        if best is None or self.majlis_auc is None or self.majlis_auc.value is None:
            return None
        return self.majlis_auc.value - best[1]


def render_table(rows: Sequence[Row], peer_names: Sequence[str]) -> str:
    """One Markdown table: per set and label, Majlis and every peer side by side."""
    header = [
        "set",
        "label",
        "n (pos)",
        "Majlis AUC",
        "Majlis F1",
        *peer_names,
        "Majlis − best peer",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        best = row.best_peer_auc
        cells = []
        for name in peer_names:
            cell = row.peers.get(name)
            text = "—" if cell is None else cell.render()
            if cell is not None and best is not None and name == best[0]:
                text = f"**{text}**"
            if cell is not None and cell.n != row.n:
                text += f" (n={cell.n})"
            cells.append(text)
        margin = "" if row.margin is None else f"{row.margin:+.3f}"
        lines.append(
            "| "
            + " | ".join(
                [
                    row.set_name,
                    LABEL_TITLES.get(row.label, row.label),
                    f"{row.n} ({row.positives})",
                    row.majlis_auc.render() if row.majlis_auc else "—",
                    row.majlis_f1.render() if row.majlis_f1 else "—",
                    *cells,
                    margin,
                ]
            )
            + " |"
        )
    return "\n".join(lines)


def render_operating_table(
    eval_sets: Sequence[EvalSet],
    scorers: Sequence[tuple[str, Mapping[str, Mapping[str, float]]]],
    label: str = SHOULD_REJECT,
) -> str:
    """Per set: each scorer's recall on violating rows / false-reject rate on acceptable rows.

    Scores are read at 0.5: peers' probabilities (their own default cut) and Majlis's 0/1
    flags (its shipped thresholds), so every scorer is judged as it would be deployed.
    """
    names = [name for name, _ in scorers]
    header = ["set", "n (violating)", *names]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for eval_set in eval_sets:
        truths = [gold(example, label) for example in eval_set.examples]
        known = [truth for truth in truths if truth is not None]
        if len(set(known)) < 2:
            continue
        cells = []
        for _, scores in scorers:
            point = operating_point(eval_set, label, scores)
            text = "—" if point is None else point.render()
            if point is not None and point.n != len(known):
                text += f" (n={point.n})"
            cells.append(text)
        lines.append(
            "| " + " | ".join([eval_set.name, f"{len(known)} ({sum(known)})", *cells]) + " |"
        )
    return "\n".join(lines)
