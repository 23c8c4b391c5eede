"""The classifier's commands on the ``majlis`` CLI: ``classify``, ``train``, ``evaluate``.

``majlis.cli`` calls ``add_commands(subparsers)``; each command's handler is stored as
``func`` on its parser and returns an exit code.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from classifier.model import Classifier, CommentInput, Prediction

DEFAULT_ARTIFACT = Path(__file__).resolve().parent / "artifacts" / "default"
DEFAULT_DATA = "../shared/data"
BATCH_SIZE = 512


def add_commands(subparsers: Any) -> None:
    classify = subparsers.add_parser(
        "classify", help="score comments from JSONL (streams; constant memory)"
    )
    classify.add_argument(
        "--input", required=True, help='JSONL: {"id","text","lang"?,"article_id"?}'
    )
    classify.add_argument("--articles", help='JSONL: {"id","title","body"}')
    classify.add_argument("--output", required=True, help="JSONL of scores ('-' for stdout)")
    classify.add_argument("--artifact", default=str(DEFAULT_ARTIFACT))
    classify.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    classify.add_argument(
        "--words-only",
        action="store_true",
        help="score by words, as the server's first pass does: no meaning-based score, and "
        "relevance across languages only where the comment's language may auto-decide (the "
        "multilingual model costs ~30 ms a comment)",
    )
    classify.set_defaults(func=run_classify)

    train = subparsers.add_parser("train", help="train a classifier artifact")
    train.add_argument("--data", default=DEFAULT_DATA, help="the shared data directory")
    train.add_argument("--out", required=True, help="artifact directory to write")
    train.add_argument("--sets", help="comma-separated data sets (default: permissive + corpus)")
    train.add_argument("--seed", type=int, default=13)
    train.add_argument(
        "--allow-nonpermissive",
        action="store_true",
        help="allow sets that may not train a shipped model (the manifest records it)",
    )
    train.set_defaults(func=run_train)

    evaluate = subparsers.add_parser("evaluate", help="evaluate an artifact; write a report")
    evaluate.add_argument("--data", default=DEFAULT_DATA)
    evaluate.add_argument("--artifact", default=str(DEFAULT_ARTIFACT))
    evaluate.add_argument("--report", default="docs/evaluation")
    evaluate.set_defaults(func=run_evaluate)


def run_evaluate(args: argparse.Namespace) -> int:
    from classifier import evaluate

    result = evaluate.main(args)
    return int(result or 0)


def run_train(args: argparse.Namespace) -> int:
    from classifier.train import DEFAULT_SETS, LicenseRefused, TrainConfig, train

    sets = tuple(s.strip() for s in args.sets.split(",")) if args.sets else DEFAULT_SETS
    config = TrainConfig(
        data_dir=args.data,
        out_dir=args.out,
        sets=sets,
        allow_nonpermissive=args.allow_nonpermissive,
        seed=args.seed,
    )
    try:
        manifest = train(config)
    except (LicenseRefused, KeyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {args.out} (version {manifest['version']})")
    return 0


def run_classify(args: argparse.Namespace) -> int:
    try:
        classifier = Classifier.from_artifact(args.artifact)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    articles = load_articles(args.articles) if args.articles else {}
    stats = {"ok": 0, "bad": 0}
    with _open_in(args.input) as source, _open_out(args.output) as sink:
        for batch in _batches(_parse_lines(source, articles, stats), args.batch_size):
            predictions = classifier.predict(
                [item for _, item in batch],
                **_words_only_options() if args.words_only else {},
            )
            for (comment_id, _), prediction in zip(batch, predictions, strict=True):
                sink.write(json.dumps(output_row(classifier, comment_id, prediction)) + "\n")
                stats["ok"] += 1
    print(f"classified {stats['ok']} comments; {stats['bad']} bad lines skipped", file=sys.stderr)
    return 1 if stats["bad"] and not stats["ok"] else 0


def _words_only_options() -> dict[str, str]:
    return {"relevance_across": "auto_decide", "semantic": "off"}


def output_row(classifier: Classifier, comment_id: Any, prediction: Prediction) -> dict[str, Any]:
    verdict = classifier.decide(prediction)
    return {
        "id": comment_id,
        "lang": prediction.lang,
        "scores": prediction.scores,
        "abuse_target": prediction.abuse_target,
        "spans": [
            {"start": s.start, "end": s.end, "category": s.category, "weight": s.weight}
            for s in prediction.spans
        ],
        "decision": verdict.decision,
        "reasons": verdict.reasons,
        "model_version": prediction.model_version,
    }


def load_articles(path: str) -> dict[str, tuple[str, str]]:
    """Articles are small next to comments: kept in memory by id."""
    articles: dict[str, tuple[str, str]] = {}
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                articles[str(row["id"])] = (str(row.get("title") or ""), str(row.get("body") or ""))
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                print(f"{path}:{number}: bad article line: {error}", file=sys.stderr)
    return articles


def _parse_lines(
    source: TextIO, articles: dict[str, tuple[str, str]], stats: dict[str, int]
) -> Iterator[tuple[Any, CommentInput]]:
    name = getattr(source, "name", "input")
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            text = row["text"]
            if not isinstance(text, str):
                raise ValueError('"text" must be a string')
            lang = row.get("lang")
            if lang is not None and not isinstance(lang, str):
                raise ValueError('"lang" must be a string')
            title = body = None
            if row.get("article_id") is not None:
                article = articles.get(str(row["article_id"]))
                if article is None:
                    raise ValueError(f"unknown article_id {row['article_id']!r}")
                title, body = article
        except (json.JSONDecodeError, KeyError, ValueError) as error:
            stats["bad"] += 1
            message = f"missing field {error}" if isinstance(error, KeyError) else str(error)
            print(f"{name}:{number}: bad line skipped: {message}", file=sys.stderr)
            continue
        yield (
            row.get("id"),
            CommentInput(text=text, lang=lang or None, article_title=title, article_body=body),
        )


def _batches(
    items: Iterator[tuple[Any, CommentInput]], size: int
) -> Iterator[list[tuple[Any, CommentInput]]]:
    batch: list[tuple[Any, CommentInput]] = []
    for item in tqdm(items, desc="classify", unit="comment", disable=None):
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _open_in(path: str) -> contextlib.AbstractContextManager[TextIO]:
    if path == "-":
        return contextlib.nullcontext(sys.stdin)
    return open(path, encoding="utf-8")


def _open_out(path: str) -> contextlib.AbstractContextManager[TextIO]:
    if path == "-":
        return contextlib.nullcontext(sys.stdout)
    return open(path, "w", encoding="utf-8")
