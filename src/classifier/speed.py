"""Speed and memory of the classifier on this machine: ``python -m classifier.speed``.

Prints a table: batched throughput with spans (comments/s), single-comment latency with
relevance (p50/p99 ms), artifact load time, peak resident memory. Comments are built from the
project's corpus joined to about 46 words, the length the peers table uses.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from pathlib import Path

from classifier.corpus.topics import TOPICS
from classifier.datasets.majlis_corpus import corpus_rows
from classifier.model import Classifier, CommentInput

DEFAULT_ARTIFACT = Path(__file__).resolve().parent / "artifacts" / "default"


def sample_comments(n: int, words: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = [str(row["text"]) for row in corpus_rows()]
    comments = []
    for _ in range(n):
        parts: list[str] = []
        while sum(len(p.split()) for p in parts) < words:
            parts.append(rng.choice(texts))
        comments.append(" ".join(parts))
    return comments


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--artifact", default=str(DEFAULT_ARTIFACT))
    parser.add_argument("--comments", type=int, default=20_000)
    parser.add_argument("--words", type=int, default=46)
    parser.add_argument("--batch-size", type=int, default=512)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    clf = Classifier.from_artifact(args.artifact)
    load_seconds = time.perf_counter() - start
    texts = sample_comments(args.comments, args.words)
    items = [CommentInput(text=t, lang="en") for t in texts]
    # As the server's first pass scores (the English cascade's transformer is left for the
    # rescore: bench/classifier_speed.py measures it).
    mode = "auto_decide"
    clf.predict(items[:1000], semantic=mode)  # warm the token cache as a server would be

    start = time.perf_counter()
    n_spans = 0
    for i in range(0, len(items), args.batch_size):
        n_spans += sum(
            len(p.spans) for p in clf.predict(items[i : i + args.batch_size], semantic=mode)
        )
    batched = len(items) / (time.perf_counter() - start)

    latencies = []
    rng = random.Random(11)
    for text in texts[:2000]:
        topic = rng.choice(TOPICS)
        item = CommentInput(text, "en", article_title=topic.title, article_body=topic.body)
        t0 = time.perf_counter()
        clf.predict([item], semantic=mode)
        latencies.append((time.perf_counter() - t0) * 1000)
    latencies.sort()
    p99 = latencies[int(0.99 * len(latencies)) - 1]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"| measure (model {clf.model_version}) | value |")
    print("|---|---|")
    print(f"| artifact load | {load_seconds:.2f} s |")
    print(f"| batched, {args.words}-word comments, with spans | {batched:,.0f} comments/s |")
    print(f"| one comment with relevance, p50 | {statistics.median(latencies):.2f} ms |")
    print(f"| one comment with relevance, p99 | {p99:.2f} ms |")
    print(f"| peak resident memory | {peak_mb:.0f} MB |")
    print(f"| spans produced | {n_spans} |")


if __name__ == "__main__":
    main()
