"""Majlis vs Isso on loopback: reading a 50-comment story and posting comments, under wrk.

    .venv/bin/python bench/web/run.py [--duration 10] [--concurrency 1,8,32,128] [--workers 2]

Setup is part of the run and idempotent: Isso 0.14.0 from PyPI into ``bench/.venvs/isso``, Debian's
``wrk`` through apt when missing. Both servers run under gunicorn with the same number of sync
workers, each on its own fresh SQLite database under ``bench/.work/``. Isso has moderation and
its guard (rate limits) off; Majlis runs its full moderation pipeline on every post, with its
per-IP/e-mail rate limits raised because all load comes from one address.
Prints a table and rewrites the "web" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common.majlis_env import majlis_env, majlis_seed, majlis_server  # noqa: E402
from bench.common.report import markdown_table, section_replace, text_table  # noqa: E402
from bench.common.servers import ServerProcess, free_port  # noqa: E402
from bench.common.wrk import WrkResult, wrk_ensure, wrk_run  # noqa: E402
from bench.machine import machine_description  # noqa: E402

ISSO_VERSION = "0.14.0"
ISSO_VENV = REPO / "bench" / ".venvs" / "isso"
WORK_ROOT = REPO / "bench" / ".work"
DOC = REPO / "docs" / "benchmarks.md"
SEEDED_COMMENTS = 50
READ_URL = "https://news.example/bench/read/"
WRITE_URL = "https://news.example/bench/write/"
ISSO_READ_URI = "/bench/read/"
ISSO_WRITE_URI = "/bench/write/"
STORY_TITLE = "US to cut troops in Iraq to 2,500 by January 15"

# Texts posted under load: on-topic, in the newsroom's languages, unique per request (a counter
# is appended) so the repeat-post check does not hold them and Isso stores each one.
WRITE_TEXTS = (
    "The drawdown to 2,500 troops will test the Iraqi army more than the Pentagon admits.",
    "Four rockets an hour after the announcement says a lot about the Green Zone's safety.",
    "Erbil needs a clear plan with Baghdad before January 15, not after.",
    "ئەم بڕیارە کاریگەری لەسەر ئاسایشی هەرێمی کوردستان دەبێت.",
    "قرار خفض القوات سيؤثر على الوضع الأمني في بغداد وأربيل.",
    "Kurdistan bölgesinin güvenliği bu karardan doğrudan etkilenecek.",
)


@dataclass(frozen=True)
class Row:
    kind: str
    connections: int
    isso: WrkResult
    majlis: WrkResult

    @property
    def ratio(self) -> float:
        return self.majlis.ok_per_s / self.isso.ok_per_s if self.isso.ok_per_s else float("inf")


# --- setup ---------------------------------------------------------------------------------------


def isso_venv_ensure() -> Path:
    """bench/.venvs/isso with isso==0.14.0 and gunicorn; reused when already right."""
    python = ISSO_VENV / "bin" / "python"
    probe = "import importlib.metadata as m; print(m.version('isso'), m.version('gunicorn'))"
    if python.exists():
        done = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=False)
        if done.returncode == 0 and done.stdout.split()[0] == ISSO_VERSION:
            return ISSO_VENV
    print(f"Installing isso=={ISSO_VERSION} into {ISSO_VENV} ...", flush=True)
    ISSO_VENV.parent.mkdir(parents=True, exist_ok=True)
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", ISSO_VENV], check=True)
    subprocess.run(
        [python, "-m", "pip", "install", "-q", f"isso=={ISSO_VERSION}", "gunicorn"], check=True
    )
    return ISSO_VENV


def isso_server(work: Path, *, workers: int) -> ServerProcess:
    port = free_port()
    config = work / "isso.ini"
    config.write_text(
        "[general]\n"
        f"dbpath = {work / 'isso.sqlite3'}\n"
        f"host = http://127.0.0.1:{port}/\n"
        "[moderation]\nenabled = false\n"
        "[guard]\nenabled = false\n"
        "[server]\nlisten = http://127.0.0.1:0/\n"
    )
    argv = [
        str(ISSO_VENV / "bin" / "gunicorn"),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "isso.run",
    ]
    return ServerProcess(
        name="isso",
        argv=argv,
        port=port,
        log_path=work / "isso.log",
        env={"ISSO_SETTINGS": str(config)},
        cwd=work,
    )


def http_json(method: str, url: str, body: object | None = None) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        url, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read() or b"null")


def isso_seed(isso: ServerProcess) -> None:
    for uri, count in ((ISSO_READ_URI, SEEDED_COMMENTS), (ISSO_WRITE_URI, 1)):
        for number in range(count):
            status, _ = http_json(
                "POST",
                f"{isso.base_url}/new?uri={urllib.parse.quote(uri, safe='')}",
                {
                    "text": f"{WRITE_TEXTS[number % 3]} (seed {number})",
                    "author": f"Seed reader {number}",
                    "email": f"seed{number}@example.org",
                    "title": STORY_TITLE,
                },
            )
            if status not in {201, 202}:
                raise RuntimeError(f"Isso refused a seed comment: {status}")


def isso_read_url(isso: ServerProcess) -> str:
    return f"{isso.base_url}/?uri={urllib.parse.quote(ISSO_READ_URI, safe='')}"


def majlis_read_url(majlis: ServerProcess) -> str:
    query = urllib.parse.urlencode({"site": "bench", "url": READ_URL, "order": "oldest"})
    return f"{majlis.base_url}/api/v1/threads?{query}"


def reads_verify(isso: ServerProcess, majlis: ServerProcess) -> None:
    """Both must serve the same 50 comments before any timing means anything."""
    _, isso_thread = http_json("GET", isso_read_url(isso))
    _, majlis_thread = http_json("GET", majlis_read_url(majlis))
    isso_count = len(isso_thread["replies"])  # type: ignore[index]
    majlis_count = len(majlis_thread["results"])  # type: ignore[index]
    if isso_count != SEEDED_COMMENTS or majlis_count != SEEDED_COMMENTS:
        raise RuntimeError(f"seeding failed: Isso shows {isso_count}, Majlis {majlis_count}")


# --- load ----------------------------------------------------------------------------------------


def _lua_string(text: str) -> str:
    return '"' + "".join(f"\\{b:03d}" for b in text.encode("utf-8")) + '"'


def post_lua(*, path: str, body_template: str, run_tag: str) -> str:
    """wrk hooks posting a distinct comment per request: body_template has {text} and {n}."""
    texts = ", ".join(_lua_string(t) for t in WRITE_TEXTS)
    pieces = [
        piece if piece in {"{text}", "{n}"} else _lua_string(piece)
        for piece in re.split(r"(\{text\}|\{n\})", body_template)
        if piece
    ]
    body = " .. ".join({"{text}": "text", "{n}": "n"}.get(piece, piece) for piece in pieces)
    return f"""
local thread_count = 0
setup = function(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end
local counter = 0
local texts = {{{texts}}}
request = function()
  counter = counter + 1
  local n = "{run_tag}-" .. tid .. "-" .. counter
  local text = texts[(counter % #texts) + 1] .. " (" .. n .. ")"
  local body = {body}
  return wrk.format("POST", {_lua_string(path)}, {{["Content-Type"] = "application/json"}}, body)
end
"""


def majlis_post_lua(story_id: int, run_tag: str) -> str:
    template = json.dumps(
        {
            "story_id": story_id,
            "author_name": "Load reader",
            "author_email": "reader-{n}@example.org",
            "text": "{text}",
            "website": "",
        },
        ensure_ascii=False,
    )
    return post_lua(path="/api/v1/comments", body_template=template, run_tag=run_tag)


def isso_post_lua(run_tag: str) -> str:
    template = json.dumps(
        {
            "text": "{text}",
            "author": "Load reader",
            "email": "reader-{n}@example.org",
            "title": STORY_TITLE,
        }
    )
    path = f"/new?uri={urllib.parse.quote(ISSO_WRITE_URI, safe='')}"
    return post_lua(path=path, body_template=template, run_tag=run_tag)


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def rows_table(rows: list[Row], *, markdown: bool) -> str:
    headers = [
        "test",
        "clients",
        "Isso req/s",
        "Isso p50 ms",
        "Isso p99 ms",
        "Majlis req/s",
        "Majlis p50 ms",
        "Majlis p99 ms",
        "Majlis/Isso",
        "errors I/M",
    ]
    body = [
        [
            row.kind,
            row.connections,
            f"{row.isso.ok_per_s:.0f}",
            _ms(row.isso.p50_ms),
            _ms(row.isso.p99_ms),
            f"{row.majlis.ok_per_s:.0f}",
            _ms(row.majlis.p50_ms),
            _ms(row.majlis.p99_ms),
            f"{row.ratio:.1f}×",
            f"{row.isso.non_2xx + row.isso.socket_errors}/"
            f"{row.majlis.non_2xx + row.majlis.socket_errors}",
        ]
        for row in rows
    ]
    return markdown_table(headers, body) if markdown else text_table(headers, body)


def bars_verdict(rows: list[Row]) -> list[str]:
    lines = []
    read32 = next((r for r in rows if r.kind == "read" and r.connections == 32), None)
    if read32:
        ok = read32.ratio >= 20 and read32.majlis.p99_ms <= 50
        lines.append(
            f"Read bar (≥ 20× Isso and p99 ≤ 50 ms at 32 clients): "
            f"{'MET' if ok else 'MISSED'} — {read32.ratio:.1f}×, "
            f"p99 {read32.majlis.p99_ms:.1f} ms"
        )
    writes = [r for r in rows if r.kind == "write"]
    if writes:
        best_isso = max(r.isso.ok_per_s for r in writes)
        best_majlis = max(r.majlis.ok_per_s for r in writes)
        ratio = best_majlis / best_isso if best_isso else float("inf")
        lines.append(
            f"Write bar (≥ 2× Isso's posting throughput, best over concurrencies): "
            f"{'MET' if ratio >= 2 else 'MISSED'} — {best_majlis:.0f} vs "
            f"{best_isso:.0f} posts/s = {ratio:.1f}×"
        )
    return lines


def fastpath_server(majlis: ServerProcess, *, workers: int) -> ServerProcess:
    """The same Majlis, database and settings, with the experimental read layer in front."""
    python_path = os.pathsep.join([str(REPO), str(REPO / "src"), os.environ.get("PYTHONPATH", "")])
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "bench.web.fastpath:application",
        "--bind",
        f"127.0.0.1:{majlis.port}",
        "--workers",
        str(workers),
        "--timeout",
        "60",
    ]
    return ServerProcess(
        name="majlis-fastpath",
        argv=argv,
        port=majlis.port,
        log_path=majlis.log_path,
        env={**majlis.env, "PYTHONPATH": python_path},
        cwd=REPO,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--concurrency", default="1,8,32,128")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for each server")
    parser.add_argument("--skip-write", action="store_true")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--keep", action="store_true", help="keep the databases and logs")
    parser.add_argument(
        "--fastpath",
        action="store_true",
        help="EXPERIMENT: serve Majlis through bench/web/fastpath.py",
    )
    args = parser.parse_args(argv)
    # SIGTERM (timeout, CI cancel) must still run the `finally` blocks that stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    levels = [int(part) for part in args.concurrency.split(",") if part]

    wrk_ensure()
    isso_venv_ensure()
    WORK_ROOT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="web-", dir=WORK_ROOT))
    started = datetime.now(UTC)
    machine = machine_description()
    env = majlis_env(work / "majlis", MAJLIS_THREAD_PAGE_SIZE=str(SEEDED_COMMENTS))
    print(
        f"Seeding Majlis ({SEEDED_COMMENTS} comments through the pipeline, then approved)...",
        flush=True,
    )
    seeded = majlis_seed(
        env,
        stories=[
            {"key": "read", "url": READ_URL, "title": STORY_TITLE, "approved": SEEDED_COMMENTS},
            {"key": "write", "url": WRITE_URL, "title": STORY_TITLE, "approved": 0},
        ],
    )
    story_ids: dict[str, int] = seeded["stories"]  # type: ignore[assignment]
    isso = isso_server(work, workers=args.workers)
    majlis = majlis_server(env, workers=args.workers, log_path=work / "majlis.log")
    if args.fastpath:
        majlis = fastpath_server(majlis, workers=args.workers)
    rows: list[Row] = []
    try:
        isso.start(ready_path="/info")
        majlis.start(ready_path="/api/openapi.json", timeout=120)
        isso_seed(isso)
        reads_verify(isso, majlis)
        # Warm both (imports, first queries, page cache) so level 1 does not time a cold start.
        for url in (isso_read_url(isso), majlis_read_url(majlis)):
            wrk_run(url, connections=8, duration_s=2)
        for level in levels:
            isso_result = wrk_run(isso_read_url(isso), connections=level, duration_s=args.duration)
            majlis_result = wrk_run(
                majlis_read_url(majlis), connections=level, duration_s=args.duration
            )
            rows.append(Row("read", level, isso_result, majlis_result))
            print(rows_table(rows[-1:], markdown=False), flush=True)
        if not args.skip_write:
            for level in levels:
                tag = f"c{level}t{int(time.time())}"
                isso_result = wrk_run(
                    f"{isso.base_url}/",
                    connections=level,
                    duration_s=args.duration,
                    request_lua=isso_post_lua(tag),
                )
                majlis_result = wrk_run(
                    f"{majlis.base_url}/",
                    connections=level,
                    duration_s=args.duration,
                    request_lua=majlis_post_lua(story_ids["write"], tag),
                )
                rows.append(Row("write", level, isso_result, majlis_result))
                print(rows_table(rows[-1:], markdown=False), flush=True)
    finally:
        isso.stop()
        majlis.stop()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(rows_table(rows, markdown=False))
    verdict = bars_verdict(rows)
    print("\n".join(verdict))
    if not args.no_doc:
        section = web_section(rows, verdict, args, machine, started, seeded["checks"])  # type: ignore[arg-type]
        section_replace(DOC, "web-fastpath" if args.fastpath else "web", section)
        print(f"Wrote {DOC.relative_to(REPO)}")
    return 0


def web_section(
    rows: list[Row],
    verdict: list[str],
    args: argparse.Namespace,
    machine: str,
    started: datetime,
    checks: list[str],
) -> str:
    check_names = ", ".join(path.rsplit(".", 1)[-1] for path in checks)
    when = (
        "on a background thread after the 202 (experiment)"
        if args.fastpath
        else "all before the 202"
    )
    title = (
        f"## EXPERIMENT — Majlis with a cached read path and moderation after the 202 vs "
        f"Isso {ISSO_VERSION} (`bench/web/run.py --fastpath`)\n\nNot the shipped code: "
        "Majlis served through `bench/web/fastpath.py` (thread JSON kept per process, "
        "revalidated by one SQL query per request; the pipeline runs on a background "
        "thread right after the pending comment is committed and acknowledged), to "
        "measure what those two changes would buy.\n"
        if args.fastpath
        else f"## Web: Majlis vs Isso {ISSO_VERSION} (`bench/web/run.py`)\n"
    )
    return f"""{title}
Run {started:%Y-%m-%d %H:%M} UTC on {machine}.
Both under gunicorn with {args.workers} sync workers on 127.0.0.1, fresh SQLite (WAL) databases;
load from `wrk` ({args.duration:g} s per cell, 2 wrk threads, keep-alive not honoured by
gunicorn's sync workers so every request opens a connection for both servers).
- read: GET the story's thread — Isso `GET /?uri=…` (all 50 comments, Markdown rendered),
  Majlis `GET /api/v1/threads` (all 50 comments: `MAJLIS_THREAD_PAGE_SIZE=50` for the same payload).
- write: each request posts a distinct on-topic comment (English, Sorani, Arabic, Turkish) — Isso
  `POST /new` with moderation and guard off; Majlis `POST /api/v1/comments` → stored pending,
  committed, then the full pipeline ({check_names}) and the policy decide, {when}.
- req/s counts successful answers only; "errors I/M" = non-2xx answers + socket errors/timeouts.

{rows_table(rows, markdown=True)}

{chr(10).join(f"- {line}" for line in verdict)}
"""


if __name__ == "__main__":
    sys.exit(main())
