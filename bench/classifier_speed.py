"""Speed of the Majlis classifier in one process: batched throughput, latency, memory.

    .venv/bin/python bench/classifier_speed.py [--artifact DIR] [--comments 4000] [--report FILE]

Comments are real news comments (C3, Globe and Mail; used here only for their length and style),
seeded. Every prediction is full scoring with spans and language ID. Latency is one comment per
call with its article (title + body), so relevance is scored too; the article is the same for every
call, as on a live story page. Bars from issue 3: >= 2,000 comments/s batched, p99 <= 20 ms for one
comment with relevance, peak RSS <= 1 GB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
sys.path[:0] = [str(REPO_DIR / "src"), str(BENCH_DIR)]

from classifier import Classifier, CommentInput  # noqa: E402
from classifier.datasets import get_spec  # noqa: E402
from machine import machine_description  # noqa: E402

DEFAULT_DATA = REPO_DIR.parent / "shared" / "data"
DEFAULT_ARTIFACT = REPO_DIR / "src" / "classifier" / "artifacts" / "default"
COMMENT_SET = "c3_constructive_comments"

# Written for this benchmark (not from any data set): a story of ordinary length for relevance.
ARTICLE_TITLE = "US to cut troops in Iraq to 2,500 by January 15"
ARTICLE_BODY = (
    "The acting US defense secretary announced on Tuesday that the number of American troops in "
    "Iraq will fall from about 3,000 to 2,500 by January 15, in a drawdown ordered by the "
    "president. Officials in Baghdad and Erbil said they had been told of the decision in advance. "
    "The Kurdistan Region's government said the coalition's presence had been essential in the "
    "fight against the Islamic State group and asked for continued support to the Peshmerga. "
    "Iraqi political parties were divided: some welcomed the reduction as a step toward "
    "sovereignty, while others warned that militias could exploit a security vacuum. Analysts "
    "noted that the remaining forces will focus on training and advising Iraqi and Kurdish units, "
    "and on counter-terrorism operations, rather than on combat. NATO said its own training "
    "mission would continue. The Pentagon gave no timetable for further withdrawals."
)

BARS = {"throughput": 2000.0, "p99_ms": 20.0, "peak_rss_mb": 1024.0}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def load_comments(data_dir: Path, count: int, seed: int) -> list[str]:
    texts = [example.text for example in get_spec(COMMENT_SET).load(str(data_dir))]
    random.Random(seed).shuffle(texts)
    if len(texts) < count:
        raise SystemExit(f"{COMMENT_SET} has {len(texts)} comments, fewer than {count}")
    return texts[:count]


def throughput(
    clf: Classifier, texts: Sequence[str], batch_size: int, with_article: bool
) -> tuple[float, int]:
    """Comments per second over ``texts`` in batches; also the number of spans found."""
    title, body = (ARTICLE_TITLE, ARTICLE_BODY) if with_article else (None, None)
    spans = 0
    started = time.perf_counter()
    for start in range(0, len(texts), batch_size):
        batch = [
            CommentInput(text=text, article_title=title, article_body=body)
            for text in texts[start : start + batch_size]
        ]
        spans += sum(len(p.spans) for p in clf.predict(batch))
    return len(texts) / (time.perf_counter() - started), spans


def latencies_ms(clf: Classifier, texts: Sequence[str]) -> list[float]:
    """Wall time of one ``predict`` call per comment, with its article."""
    timings = []
    for text in texts:
        item = CommentInput(text=text, article_title=ARTICLE_TITLE, article_body=ARTICLE_BODY)
        started = time.perf_counter()
        clf.predict([item])
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artifact", type=Path, default=DEFAULT_ARTIFACT)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--comments", type=int, default=1500, help="comments per throughput configuration"
    )
    parser.add_argument("--latency-comments", type=int, default=1000)
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[64, 256, 1024])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--report", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)

    # Every configuration scores comments it has not seen: the model caches per-token work, so
    # re-scoring the same texts would flatter whichever configuration runs later.
    warmup = 1000
    configurations = [(size, article) for size in args.batch_sizes for article in (False, True)]
    needed = warmup + args.comments * len(configurations) + args.latency_comments
    texts = load_comments(args.data, needed, args.seed)
    warm, rest = texts[:warmup], texts[warmup:]
    slices = [rest[i * args.comments : (i + 1) * args.comments] for i in range(len(configurations))]
    latency_texts = rest[len(configurations) * args.comments :]
    words = statistics.mean(len(text.split()) for text in rest)
    rss_before = peak_rss_mb()

    started = time.perf_counter()
    clf = Classifier.from_artifact(args.artifact)
    load_seconds = time.perf_counter() - started
    rss_loaded = peak_rss_mb()
    clf.predict([CommentInput(text=text) for text in warm])  # first-call costs, not measured

    rows: list[tuple[str, str, str]] = [
        ("artifact load", f"{load_seconds:.2f} s", "< 2 s: " + verdict(load_seconds < 2)),
        ("RSS after load", f"{rss_loaded:.0f} MB (interpreter + data: {rss_before:.0f} MB)", ""),
    ]
    best = 0.0
    for (batch_size, with_article), batch_texts in zip(configurations, slices, strict=True):
        rate, spans = throughput(clf, batch_texts, batch_size, with_article)
        if not with_article:
            best = max(best, rate)
        what = "with article (relevance)" if with_article else "no article"
        rows.append(
            (
                f"batched, {batch_size} per call, {what}",
                f"{rate:,.0f} comments/s",
                f"{spans} spans over {len(batch_texts)} comments",
            )
        )
    rows.append(
        (
            "best batched throughput",
            f"{best:,.0f} comments/s",
            f">= {BARS['throughput']:,.0f}: {verdict(best >= BARS['throughput'])}",
        )
    )
    timings = latencies_ms(clf, latency_texts)
    p99 = percentile(timings, 99)
    rows += [
        ("single comment + article, p50", f"{percentile(timings, 50):.2f} ms", ""),
        ("single comment + article, p95", f"{percentile(timings, 95):.2f} ms", ""),
        (
            "single comment + article, p99",
            f"{p99:.2f} ms",
            f"<= {BARS['p99_ms']:.0f} ms: {verdict(p99 <= BARS['p99_ms'])}",
        ),
        ("single comment + article, max", f"{max(timings):.2f} ms", ""),
    ]
    peak = peak_rss_mb()
    rows.append(
        (
            "peak RSS (whole run)",
            f"{peak:.0f} MB",
            f"<= {BARS['peak_rss_mb']:.0f} MB: {verdict(peak <= BARS['peak_rss_mb'])}",
        )
    )

    table = "\n".join(
        ["| measure | value | note |", "|---|---|---|"]
        + [f"| {name} | {value} | {note} |" for name, value, note in rows]
    )
    header = (
        f"Majlis classifier {clf.model_version}; C3 news comments (mean {words:.0f} words), "
        f"{warmup} to warm up, {args.comments} unseen ones per throughput configuration, "
        f"{len(latency_texts)} for latency; "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.\n\nMachine: {machine_description()}"
    )
    print(header + "\n\n" + table)
    if args.report:
        args.report.write_text(
            "# Classifier speed\n\nGenerated by `python bench/classifier_speed.py`.\n\n"
            + header
            + "\n\n"
            + table
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
