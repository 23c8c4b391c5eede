"""The JSONL protocol every peer adapter speaks; runs inside the peer's own virtualenv.

Kept compatible with Python 3.7 (profanity-check's venv) and free of third-party imports.

Input lines:  {"id": ..., "text": "..."}
Output lines: {"id": ..., "scores": {"should_reject": p, "<category>": p, ...}}
Last line on stdout: {"summary": {"peer", "output", "n", "load_seconds", "score_seconds"}}
``output`` is "probability" (ROC-AUC is meaningful) or "binary" (0/1 only: report F1).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any, Callable, Dict, Iterator

# The overall "violates the guidelines" score every adapter emits besides per-category scores.
SHOULD_REJECT = "should_reject"

# classifier.labels.CATEGORIES, copied: the peers' venvs cannot import the project.
CATEGORIES = (
    "off_topic",
    "profanity",
    "vulgarity",
    "threat",
    "personal_attack",
    "abuse",
    "promotion",
)

Scores = Dict[str, float]


def check_scores(scores: Scores) -> Scores:
    """Refuse keys outside the category list so a mapping typo fails loudly, not silently."""
    unknown = set(scores) - set(CATEGORIES) - {SHOULD_REJECT}
    if unknown:
        raise ValueError(f"unknown score keys: {', '.join(sorted(unknown))}")
    return {key: float(value) for key, value in scores.items()}


def package_version(distribution: str) -> str:
    """The installed version of the peer's PyPI distribution, for the report ("" if unknown)."""
    try:
        try:
            from importlib import metadata  # Python 3.8+
        except ImportError:  # Python 3.7 (profanity-check's venv)
            import pkg_resources

            return str(pkg_resources.get_distribution(distribution).version)
        return metadata.version(distribution)
    except Exception:  # a peer without package metadata is still scored
        return ""


def read_items(stream: Any) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(stream, start=1):
        line = line.strip()
        if not line:
            continue
        try:
            item = json.loads(line)
            text = item["text"]
        except (ValueError, KeyError) as error:
            raise SystemExit(f"input line {number}: {error}") from error
        yield {"id": item.get("id", number), "text": str(text)}


def batched(items: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run(
    peer: str,
    load: Callable[[], Any],
    score_batch: Callable[[Any, list[str]], list[Scores]],
    output: str = "probability",
    batch_size: int = 256,
    argv: list[str] | None = None,
) -> None:
    """Load the peer once, score every input line in batches, write scores and a timing summary."""
    parser = argparse.ArgumentParser(description=f"Score JSONL texts with the peer {peer}.")
    parser.add_argument("--input", default="-", help="JSONL file of {id, text}; - for stdin")
    parser.add_argument("--output", default="-", help="JSONL file for scores; - for stdout")
    parser.add_argument("--batch-size", type=int, default=batch_size)
    args = parser.parse_args(argv)

    source = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")  # noqa: SIM115
    with source:
        items = list(read_items(source))

    started = time.perf_counter()
    model = load()
    load_seconds = time.perf_counter() - started

    sink = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    score_seconds = 0.0
    try:
        for batch in batched(items, args.batch_size):
            started = time.perf_counter()
            results = score_batch(model, [item["text"] for item in batch])
            score_seconds += time.perf_counter() - started
            if len(results) != len(batch):
                raise RuntimeError(f"peer returned {len(results)} results for {len(batch)} texts")
            for item, scores in zip(batch, results):
                sink.write(json.dumps({"id": item["id"], "scores": check_scores(scores)}) + "\n")
        sink.flush()
    finally:
        if sink is not sys.stdout:
            sink.close()
    summary = {
        "peer": peer,
        "version": package_version(peer),
        "output": output,
        "n": len(items),
        "load_seconds": round(load_seconds, 3),
        "score_seconds": round(score_seconds, 3),
    }
    sys.stdout.write(json.dumps({"summary": summary}) + "\n")
    sys.stdout.flush()
