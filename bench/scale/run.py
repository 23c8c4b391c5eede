"""How Majlis's costs grow with the data: 10k → 100k → 1M comments on SQLite.

    .venv/bin/python bench/scale/run.py [--sizes 10000,100000,1000000] [--requests 200]

For each size: a fresh database (migrations, site, moderator), bulk-generated comments with their
decision log (bench/scale/generate.py, progress bar), then `majlis serve` (2 gunicorn workers) and
sequential requests from one client, timing each:
- story page: GET /api/v1/threads of a 50-comment story (the same one, so caches may help) and
  of random ~160-comment stories (first reads: mostly cold);
- queue page: the moderation workspace's pending queue, oldest first and by risk;
- posting: POST /api/v1/comments to random stories (202 once stored; moderated right after).
Prints a table and rewrites the "scale" section of docs/benchmarks.md. PostgreSQL: pass
``--database-url postgresql://…/db`` (the database is emptied first; sizes as given).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common.majlis_env import majlis_env, majlis_seed, majlis_server  # noqa: E402
from bench.common.report import markdown_table, section_replace, text_table  # noqa: E402
from bench.machine import machine_description  # noqa: E402

WORK_ROOT = REPO / "bench" / ".work"
DOC = REPO / "docs" / "benchmarks.md"
GENERATOR = Path(__file__).with_name("generate.py")
PASSWORD = "scale-password-123"


@dataclass
class SizeResult:
    comments: int
    generate_s: float
    db_mb: float
    load_avg: float = 0.0
    timings_ms: dict[str, list[float]] = field(default_factory=dict)

    def p(self, name: str, q: int) -> float:
        values = sorted(self.timings_ms.get(name, []))
        if not values:
            return float("nan")
        if q == 50:
            return statistics.median(values)
        return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def _timed(session, method: str, url: str, expect: int, **kwargs) -> float:
    started = time.perf_counter()
    response = session.request(method, url, timeout=120, **kwargs)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != expect:
        raise RuntimeError(f"{method} {url} answered {response.status_code}: {response.text[:300]}")
    return elapsed


def _login(base: str):
    import requests

    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=60).raise_for_status()
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": "scale-moderator",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=60,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError("could not log in as the scale moderator")
    return session


def measure(
    base: str, *, measured_url: str, story_ids: list[int], requests_n: int, rng: random.Random
) -> dict[str, list[float]]:
    import requests

    reader = requests.Session()
    moderator = _login(base)
    timings: dict[str, list[float]] = {}
    thread = f"{base}/api/v1/threads"
    # Warm-up: imports, first queries, SQLite page cache.
    for _ in range(10):
        _timed(reader, "GET", thread, 200, params={"site": "news", "url": measured_url})
        _timed(moderator, "GET", f"{base}/moderation/", 200)

    timings["story page, 50 comments"] = [
        _timed(reader, "GET", thread, 200, params={"site": "news", "url": measured_url})
        for _ in range(requests_n)
    ]
    timings["story page, random story"] = [
        _timed(
            reader,
            "GET",
            thread,
            200,
            params={
                "site": "news",
                "url": f"https://news.example/scale/{rng.randrange(len(story_ids))}/",
            },
        )
        for _ in range(requests_n)
    ]
    queue_n = max(20, requests_n // 4)
    timings["queue page, oldest"] = [
        _timed(moderator, "GET", f"{base}/moderation/", 200) for _ in range(queue_n)
    ]
    timings["queue page, by risk"] = [
        _timed(moderator, "GET", f"{base}/moderation/", 200, params={"sort": "risk"})
        for _ in range(queue_n)
    ]
    run = rng.randrange(10**9)
    timings["posting"] = [
        _timed(
            reader,
            "POST",
            f"{base}/api/v1/comments",
            202,
            data=json.dumps(
                {
                    "story_id": story_ids[rng.randrange(len(story_ids))],
                    "author_name": "Scale reader",
                    "author_email": f"scale{n}@example.org",
                    "website": "",
                    "text": f"A new remark on the drawdown and Erbil's security ({run}-{n})",
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        for n in range(requests_n // 2)
    ]
    return timings


def db_size_mb(data_dir: Path) -> float:
    return sum(p.stat().st_size for p in data_dir.glob("majlis.sqlite3*")) / 1e6


def run_size(
    comments: int, *, requests_n: int, workers: int, keep: bool, database_url: str | None
) -> SizeResult:
    WORK_ROOT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"scale-{comments}-", dir=WORK_ROOT))
    extra = {"DATABASE_URL": database_url} if database_url else {}
    env = majlis_env(work, **extra)
    if database_url:
        _postgres_reset(env)
    majlis_seed(env, site="news", moderator="scale-moderator", password=PASSWORD)
    done = subprocess.run(
        [sys.executable, str(GENERATOR), json.dumps({"comments": comments, "site": "news"})],
        env={**_environ(), **env},
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    generated = json.loads(done.stdout.strip().splitlines()[-1])
    first_id, last_id = generated["story_id_range"]
    story_ids = list(range(first_id, last_id + 1))
    result = SizeResult(
        comments=comments,
        generate_s=generated["seconds"],
        db_mb=_postgres_size_mb(env) if database_url else db_size_mb(work),
    )
    server = majlis_server(env, workers=workers, log_path=work / "server.log")
    try:
        server.start(ready_path="/api/openapi.json", timeout=300)
        result.load_avg = os.getloadavg()[0]
        result.timings_ms = measure(
            server.base_url,
            measured_url=generated["measured_story_url"],
            story_ids=story_ids,
            requests_n=requests_n,
            rng=random.Random(comments),
        )
    finally:
        server.stop()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def _environ() -> dict[str, str]:
    return dict(os.environ)


def _postgres_reset(env: dict[str, str]) -> None:
    """Create the benchmark database if missing, else empty its public schema."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(env["DATABASE_URL"])
    name = parts.path.lstrip("/")
    admin_url = urlunsplit((parts.scheme, parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
            return
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('DROP SCHEMA public CASCADE'); "
        "c.execute('CREATE SCHEMA public')"
    )
    subprocess.run([sys.executable, "-c", code], env={**_environ(), **env}, check=True, cwd=REPO)


def _postgres_size_mb(env: dict[str, str]) -> float:
    code = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('SELECT pg_database_size(current_database())'); "
        "print(c.fetchone()[0])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**_environ(), **env},
        check=True,
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    return int(done.stdout.strip()) / 1e6


def table(results: list[SizeResult], *, markdown: bool) -> str:
    names = list(results[0].timings_ms) if results else []
    headers = ["comments", "DB MB", "generate s", "load avg"] + [
        f"{name} p50/p99 ms" for name in names
    ]
    rows = [
        [f"{r.comments:,}", f"{r.db_mb:.0f}", f"{r.generate_s:.0f}", f"{r.load_avg:.1f}"]
        + [f"{r.p(name, 50):.1f} / {r.p(name, 99):.1f}" for name in names]
        for r in results
    ]
    return markdown_table(headers, rows) if markdown else text_table(headers, rows)


BAR_SIZE = 1_000_000  # issue 5's bar: p99 at 1M within 2x of its value at 10k


def growth_lines(results: list[SizeResult]) -> list[str]:
    """p99 of each larger size against the smallest; the bar is judged at 1M only."""
    if len(results) < 2:
        return []
    small = results[0]
    lines = []
    for large in results[1:]:
        for name in small.timings_ms:
            ratio = large.p(name, 99) / small.p(name, 99) if small.p(name, 99) else float("inf")
            bar = ""
            if large.comments == BAR_SIZE and name.startswith(("story page, 50", "queue page")):
                bar = " — bar (≤ 2×): " + ("MET" if ratio <= 2 else "MISSED")
            lines.append(
                f"{name}: p99 at {large.comments:,} is {ratio:.1f}× its value at "
                f"{small.comments:,}{bar}"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--requests", type=int, default=200, help="story-page reads per size")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", help="PostgreSQL URL (emptied first); default SQLite")
    parser.add_argument("--keep", action="store_true", help="keep the generated databases")
    parser.add_argument("--no-doc", action="store_true")
    args = parser.parse_args(argv)
    # SIGTERM (timeout, CI cancel) must still run the `finally` blocks that stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = datetime.now(UTC)
    machine = machine_description()
    results = []
    for size in [int(s) for s in args.sizes.split(",") if s]:
        results.append(
            run_size(
                size,
                requests_n=args.requests,
                workers=args.workers,
                keep=args.keep,
                database_url=args.database_url,
            )
        )
        print(table(results[-1:], markdown=False), flush=True)
    print()
    print(table(results, markdown=False))
    lines = growth_lines(results)
    print("\n".join(lines))
    if not args.no_doc:
        engine = "PostgreSQL" if args.database_url else "SQLite (WAL)"
        section_replace(
            DOC,
            "scale-postgresql" if args.database_url else "scale",
            f"""
## Scale on {engine} (`bench/scale/run.py`)

Run {started:%Y-%m-%d %H:%M} UTC on {machine}.
Synthetic data: stories of ~200 comments (80 % approved, 10 % rejected, 10 % pending, each with
its system decision) plus one story of exactly 50 approved comments. `majlis serve` with
{args.workers} gunicorn workers; one client, sequential requests ({args.requests} story reads,
{max(20, args.requests // 4)} queue pages per sort, {args.requests // 2} posts per size).
"random story" reads a different story each time (mostly cold); queue pages are the logged-in
moderator's pending queue (HTML). Posting: the 202 (comment stored; the full moderation
pipeline runs right after it on the server's moderation thread).
"load avg" is the machine's 1-minute load average when that size's measurements began: other
engineers' jobs come and go, so compare sizes with it in view.

{table(results, markdown=True)}

{chr(10).join(f"- {line}" for line in lines)}
""",
        )
        print(f"Wrote {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
