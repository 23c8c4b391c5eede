"""Majlis's classifier against every offline peer, side by side, in one run.

    .venv/bin/python bench/compare_peers.py               # full run, writes docs/peers.md
    .venv/bin/python bench/compare_peers.py --per-set 200 --no-write   # quick look

Majlis runs in this process; each peer runs in its own virtualenv (``bench/peers/setup.sh``) on the
same seeded subsample of every English evaluation set: held-out test splits of the training sets and
every research / non-commercial / held-for-evaluation set. Prints one table (ROC-AUC, or F1 for
yes/no peers, per set and comparable label), the speed of each scorer, and why any peer failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path[:0] = [str(REPO_DIR / "src"), str(BENCH_DIR)]

from tqdm import tqdm  # noqa: E402

from classifier.datasets import all_specs  # noqa: E402
from machine import machine_description  # noqa: E402
from peers.evaluation import (  # noqa: E402
    LABEL_TITLES,
    SHOULD_REJECT,
    EvalSet,
    Row,
    build_eval_set,
    gold,
    render_operating_table,
    render_table,
    score_cell,
)
from peers.registry import PEERS, Peer, PeerRun, run_peer  # noqa: E402

DEFAULT_DATA = REPO_DIR.parent / "shared" / "data"
DEFAULT_ARTIFACT = REPO_DIR / "src" / "classifier" / "artifacts" / "default"
DEFAULT_REPORT = REPO_DIR / "docs" / "peers.md"
WORK_DIR = BENCH_DIR / ".work" / "peers"


@dataclass
class MajlisRun:
    status: str  # "ok" or why it did not run
    version: str = ""
    scores: dict[str, dict[str, float]] = field(default_factory=dict)  # probabilities
    flags: dict[str, dict[str, float]] = field(default_factory=dict)  # 0/1 at shipped thresholds
    n: int = 0
    load_seconds: float | None = None
    score_seconds: float | None = None

    @property
    def comments_per_second(self) -> float | None:
        return self.n / self.score_seconds if self.score_seconds and self.n else None


def decision_of(decided: object) -> str:
    """``Classifier.decide`` answers a decision plus reasons; accept its documented shapes."""
    if isinstance(decided, str):
        return decided
    if isinstance(decided, tuple) and decided:
        return str(decided[0])
    return str(getattr(decided, "decision", decided))


def run_majlis(artifact: Path, items: Sequence[dict[str, str]], batch_size: int) -> MajlisRun:
    if not (artifact / "manifest.json").exists():
        return MajlisRun(status=f"no artifact at {artifact}")
    try:
        from classifier import Classifier, CommentInput
        from classifier.evaluate import should_reject_score
    except ImportError as error:
        return MajlisRun(status=f"classifier package not importable: {error}")
    started = time.perf_counter()
    clf = Classifier.from_artifact(artifact)
    # Lazy first-call costs (language ID model and the like) count as loading, not scoring.
    clf.predict([CommentInput(text=item["text"]) for item in items[:32]])
    load_seconds = time.perf_counter() - started
    reject_thresholds: dict[str, float] = clf.manifest["thresholds"]["reject"]
    run = MajlisRun(status="ok", version=str(clf.manifest.get("version", "")))
    run.load_seconds = load_seconds
    score_seconds = 0.0
    starts = range(0, len(items), batch_size)
    for start in tqdm(starts, desc="Majlis", unit="batch", file=sys.stderr, leave=False):
        batch = items[start : start + batch_size]
        started = time.perf_counter()
        predictions = clf.predict([CommentInput(text=item["text"]) for item in batch])
        score_seconds += time.perf_counter() - started
        for item, prediction in zip(batch, predictions, strict=True):
            # No article is given, so off_topic is absent; the overall score is the one
            # `majlis evaluate` uses (the strongest violation category).
            scores = {k: float(v) for k, v in prediction.scores.items() if k != "off_topic"}
            scores[SHOULD_REJECT] = should_reject_score(prediction)
            flags = {
                k: float(v >= reject_thresholds[k])
                for k, v in scores.items()
                if k in reject_thresholds
            }
            flags[SHOULD_REJECT] = float(decision_of(clf.decide(prediction)) == "reject")
            run.scores[item["id"]] = scores
            run.flags[item["id"]] = flags
    run.n = len(items)
    run.score_seconds = score_seconds
    return run


def build_rows(
    eval_sets: Sequence[EvalSet], majlis: MajlisRun, peer_runs: Sequence[PeerRun]
) -> list[Row]:
    rows = []
    for eval_set in eval_sets:
        for label in eval_set.labels:
            truths = [gold(example, label) for example in eval_set.examples]
            known = [truth for truth in truths if truth is not None]
            if len(set(known)) < 2:
                continue  # one class only in the sample: no scorer can be ranked on it
            peers = {}
            for run in peer_runs:
                if run.status != "ok":
                    continue
                metric = "f1" if run.output == "binary" else "auc"
                peers[run.peer.name] = score_cell(eval_set, label, run.scores, metric)
            rows.append(
                Row(
                    set_name=eval_set.name,
                    label=label,
                    n=len(known),
                    positives=sum(known),
                    majlis_auc=score_cell(eval_set, label, majlis.scores, "auc"),
                    majlis_f1=score_cell(eval_set, label, majlis.flags, "f1"),
                    peers=peers,
                )
            )
    return rows


def items_for(eval_sets: Sequence[EvalSet], limit: int | None = None) -> list[dict[str, str]]:
    """{id, text} for every sampled row, or only each set's first ``limit`` (a random subset)."""
    return [
        {"id": eval_set.item_id(index), "text": example.text}
        for eval_set in eval_sets
        for index, example in enumerate(eval_set.examples[:limit])
    ]


def fmt(value: float | None, pattern: str = "{:.1f}") -> str:
    return "—" if value is None else pattern.format(value)


def speed_table(majlis: MajlisRun, peer_runs: Sequence[PeerRun]) -> str:
    lines = [
        "| scorer | status | comments scored | load s | comments/s | notes |",
        "|---|---|---|---|---|---|",
        f"| **Majlis** {majlis.version} | {majlis.status} | {majlis.n} "
        f"| {fmt(majlis.load_seconds)} | {fmt(majlis.comments_per_second, '{:,.0f}')} "
        "| in-process, batches of 256, full scoring with spans; load includes a first call |",
    ]
    for run in peer_runs:
        status = run.status if not run.error else f"{run.status}: {run.error}"
        lines.append(
            f"| {f'{run.peer.name} {run.version}'.strip()} | {status.replace('|', '/')} "
            f"| {run.n} "
            f"| {fmt(run.load_seconds)} | {fmt(run.comments_per_second, '{:,.0f}')} "
            f"| {run.peer.what} |"
        )
    return "\n".join(lines)


def sets_table(eval_sets: Sequence[EvalSet]) -> str:
    lines = [
        "| set | license class | domain | eval rows in the language | sampled | labels |",
        "|---|---|---|---|---|---|",
    ]
    for eval_set in eval_sets:
        lines.append(
            f"| {eval_set.name} | {eval_set.license_class} | {eval_set.domain} "
            f"| {eval_set.available} | {len(eval_set.examples)} | {', '.join(eval_set.labels)} |"
        )
    return "\n".join(lines)


def ahead_summary(rows: Sequence[Row]) -> str:
    compared = [row for row in rows if row.margin is not None]
    behind = [row for row in compared if row.margin is not None and row.margin <= 0]
    text = f"Majlis ROC-AUC is ahead of the best peer on {len(compared) - len(behind)} of "
    text += f"{len(compared)} (set, label) pairs that both score."
    if behind:
        text += " Behind or tied on: " + ", ".join(
            f"{row.set_name} / {LABEL_TITLES.get(row.label, row.label)} ({row.margin:+.3f})"
            for row in behind
        )
        text += "."
    return text


def write_report(path: Path, *, command: str, sections: Sequence[tuple[str, str]]) -> None:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "# Majlis against offline peers",
        "",
        f"Generated by `{command}` on {now}.",
        "",
        f"Machine: {machine_description()}",
        "",
    ]
    for title, body in sections:
        parts += [f"## {title}", "", body, ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")


HOW_TO_READ = """\
- Cells are ROC-AUC on the rows the scorer saw (threshold-free, so peers with other operating
  points compare fairly); **bold** marks the best peer. Yes/no peers show F1 instead.
- *Majlis F1* is at the shipped thresholds: per category its `reject` threshold; for
  *reject (any)* the `auto` policy's decision ("reject" counts, "review" does not). It is a
  high-precision operating point, so compare it with other F1 cells, not with AUCs.
- *reject (any)* is the set's own "violates" label; each scorer's overall score is its strongest
  relevant output (Majlis: max over its categories; Jigsaw peers: max of the six labels; hatesonar:
  1 − P(neither); profanity and spam peers: their single probability).
- Peer outputs are mapped onto the guideline categories in `bench/peers/adapters/` (Jigsaw obscene →
  profanity and vulgarity, insult → personal_attack, identity_hate → abuse, threat → threat;
  hatesonar hate_speech → abuse, offensive_language → profanity; spam → promotion). "—" = the
  scorer has no output for that label. "(n=…)": a slow peer scored only a random subset.
- A label whose sampled rows are all of one class is left out (nothing to rank). Word lexicons
  and the text the project writes itself (`majlis_corpus`: same templates as the training rows)
  are not peer evaluation sets."""


OPERATING_INTRO = """\
*reject (any)* with each scorer used as shipped: Majlis rejects when its `auto` policy says
"reject" (shipped thresholds; "review" goes to a human and is not counted as a reject); a peer
rejects at probability >= 0.5. Each cell: share of violating comments rejected / share of
acceptable comments wrongly rejected (the issue's bar for Majlis on C3: <= 2%)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--artifact", type=Path, default=DEFAULT_ARTIFACT)
    parser.add_argument("--per-set", type=int, default=5000, help="rows sampled per set (0 = all)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--sets", nargs="*", help="only these sets")
    parser.add_argument("--peers", nargs="*", help="only these peers (default: all)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per peer")
    parser.add_argument("--report", type=Path, default=DEFAULT_REPORT)
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument(
        "--lang", default="en", help="comment language: en (default), or ar, fa, tr (their peers)"
    )
    args = parser.parse_args(argv)

    limit = args.per_set or None
    specs = all_specs()
    chosen = [specs[name] for name in args.sets] if args.sets else list(specs.values())
    eval_sets = [
        eval_set
        for spec in chosen
        if (eval_set := build_eval_set(spec, str(args.data), limit, args.seed, args.lang))
        is not None
    ]
    if not eval_sets:
        parser.error(f"no {args.lang} evaluation set found under {args.data}")
    items = items_for(eval_sets)
    print(f"{len(eval_sets)} sets, {len(items)} comments", file=sys.stderr)

    majlis = run_majlis(args.artifact, items, batch_size=256)
    print(f"Majlis: {majlis.status}", file=sys.stderr)
    peers: list[Peer] = [
        p for p in PEERS if (p.name in args.peers if args.peers else args.lang in p.languages)
    ]
    peer_runs = []
    for peer in peers:
        print(f"{peer.name}: scoring in bench/.venvs/{peer.venv} …", file=sys.stderr)
        started = time.perf_counter()
        run = run_peer(peer, items_for(eval_sets, peer.max_per_set), WORK_DIR, args.timeout)
        print(
            f"{peer.name}: {run.status} {run.error} ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
        peer_runs.append(run)

    rows = build_rows(eval_sets, majlis, peer_runs)
    compared_peers = [run.peer.name for run in peer_runs if run.status == "ok"]
    sections = [
        ("Side by side", render_table(rows, compared_peers) + "\n\n" + ahead_summary(rows)),
        ("How to read it", HOW_TO_READ),
        (
            "As deployed: recall / false-reject rate",
            OPERATING_INTRO
            + "\n\n"
            + render_operating_table(
                eval_sets,
                [("Majlis", majlis.flags)]
                + [(run.peer.name, run.scores) for run in peer_runs if run.status == "ok"],
            ),
        ),
        ("Speed and status", speed_table(majlis, peer_runs)),
        (
            "Evaluation sets",
            sets_table(eval_sets)
            + f"\n\nSampled with seed {args.seed}, at most {limit or 'all'} rows per set.",
        ),
    ]
    for title, body in sections:
        print(f"\n## {title}\n\n{body}")
    if not args.no_write:
        command = "python bench/compare_peers.py " + " ".join(argv or sys.argv[1:])
        write_report(args.report, command=command.strip(), sections=sections)
        print(f"\nwrote {args.report}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
