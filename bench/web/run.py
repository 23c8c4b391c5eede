"""Majlis vs Isso on loopback: reading a 50-comment story and posting comments, under wrk.

    .venv/bin/python bench/web/run.py [--duration 10] [--concurrency 1,8,32,128] [--workers 2]

Setup is part of the run and idempotent: Isso 0.14.0 from PyPI into ``bench/.venvs/isso``, Debian's
``wrk`` through apt when missing. Both servers run under gunicorn with the same number of sync
workers, each on its own fresh SQLite database under ``bench/.work/``. Isso has moderation and
its guard (rate limits) off; Majlis runs its full moderation pipeline on every post, with its
per-IP/e-mail rate limits raised because all load comes from one address.

Majlis answers a post once the comment is stored and moderates it right after, in the same
server process (batched). So each write cell also waits until every comment posted in it has
its system decision, and reports the rate of posts *stored and moderated*, counting that wait:
the write bar is judged on that rate, not on how fast 202s come back.

Two write mixes: ``write`` posts each comment under a story in its own language (English,
Sorani, Arabic, Turkish); ``write-x`` posts every one under the English story, so half are
Sorani/Arabic/Turkish comments on an English article, whose relevance needs the multilingual
embedding model (the expensive case). Those languages may not auto-decide, so their first pass
holds them for a human with ``relevance_pending`` and ``majlis rescore`` adds the relevance
after, and with ``semantic_pending`` (in both mixes) for the meaning-based score; each write
cell then also waits for those ("rescore later s"), before the next starts.
Prints a table and rewrites the "web" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
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
    ("en", "The drawdown to 2,500 troops will test the Iraqi army more than the Pentagon admits."),
    ("en", "Four rockets an hour after the announcement says a lot about the Green Zone's safety."),
    ("en", "Erbil needs a clear plan with Baghdad before January 15, not after."),
    ("ckb", "ئەم بڕیارە کاریگەری لەسەر ئاسایشی هەرێمی کوردستان دەبێت."),
    ("ar", "قرار خفض القوات سيؤثر على الوضع الأمني في بغداد وأربيل."),
    ("tr", "Kurdistan bölgesinin güvenliği bu karardan doğrudan etkilenecek."),
)
# The same news in each language: the stories of the `write` mix.
WRITE_STORY_TITLES = {
    "en": STORY_TITLE,
    "ckb": "ئەمریکا ژمارەی سەربازەکانی لە عێراق تا ١٥ی کانوونی دووەم کەم دەکاتەوە بۆ ٢٥٠٠",
    "ar": "الولايات المتحدة تخفض عدد قواتها في العراق إلى 2500 بحلول 15 يناير",
    "tr": "ABD, 15 Ocak'a kadar Irak'taki asker sayısını 2.500'e indirecek",
}
WRITE_MIXES = {
    "write": "each comment under the story in its own language",
    "write-x": "every comment under the English story (half cross-language)",
}
# A write cell's comments must all be moderated within this long after it, or the run fails.
DRAIN_TIMEOUT_S = 600.0
RESCORE_DRAIN_TIMEOUT_S = 1800.0


@dataclass(frozen=True)
class Row:
    kind: str
    connections: int
    isso: WrkResult
    majlis: WrkResult
    # Writes only: seconds after the cell until every comment posted in it was moderated, and
    # Majlis's server CPU per stored-and-moderated post (ms) over the cell and the drain.
    drain_s: float = 0.0
    majlis_cpu_ms: float = 0.0
    # Isso's server CPU per post over its cell: with both servers and the load generator on two
    # cores, the throughput ratio understates the difference in work per post.
    isso_cpu_ms: float = 0.0
    # Writes only: seconds after the drain until the rescore process had added what the first
    # pass left for later (``relevance_pending``, ``semantic_pending``) to every comment.
    rescore_s: float = 0.0

    @property
    def complete_per_s(self) -> float:
        """Writes: posts stored, moderated and with every score added, per second."""
        ok = max(0, self.majlis.requests - self.majlis.non_2xx)
        spent = self.majlis.duration_s + self.drain_s + self.rescore_s
        return ok / spent if self.majlis.duration_s else 0.0

    @property
    def majlis_per_s(self) -> float:
        """Reads: answers/s. Writes: posts stored *and moderated* per second, drain included."""
        if self.kind == "read":
            return self.majlis.ok_per_s
        ok = max(0, self.majlis.requests - self.majlis.non_2xx)
        return ok / (self.majlis.duration_s + self.drain_s) if self.majlis.duration_s else 0.0

    @property
    def ratio(self) -> float:
        return self.majlis_per_s / self.isso.ok_per_s if self.isso.ok_per_s else float("inf")


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
        # Access lines as `majlis serve` writes them (to the same kind of log file): the same work.
        "--access-logfile",
        "-",
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
    write_uris = [isso_write_uri(lang) for lang in WRITE_STORY_TITLES]
    for uri, count in ((ISSO_READ_URI, SEEDED_COMMENTS), *((uri, 1) for uri in write_uris)):
        for number in range(count):
            status, _ = http_json(
                "POST",
                f"{isso.base_url}/new?uri={urllib.parse.quote(uri, safe='')}",
                {
                    "text": f"{WRITE_TEXTS[number % 3][1]} (seed {number})",
                    "author": f"Seed reader {number}",
                    "email": f"seed{number}@example.org",
                    "title": STORY_TITLE,
                },
            )
            if status not in {201, 202}:
                raise RuntimeError(f"Isso refused a seed comment: {status}")


def isso_write_uri(lang: str) -> str:
    return ISSO_WRITE_URI if lang == "en" else f"{ISSO_WRITE_URI}{lang}/"


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


def post_lua(*, paths: list[str], body_template: str, story_ids: list[int], run_tag: str) -> str:
    """wrk hooks posting a distinct comment per request, cycling through WRITE_TEXTS.

    Text i goes to ``paths[i]`` with ``{story}`` = ``story_ids[i]``; ``body_template`` also has
    ``{text}`` and ``{n}``.
    """
    texts = ", ".join(_lua_string(text) for _, text in WRITE_TEXTS)
    path_list = ", ".join(_lua_string(path) for path in paths)
    story_list = ", ".join(str(story_id) for story_id in story_ids)
    names = {"{text}": "text", "{n}": "n", "{story}": "story"}
    pieces = [
        names.get(piece, _lua_string(piece))
        for piece in re.split(r"(\{text\}|\{n\}|\{story\})", body_template)
        if piece
    ]
    body = " .. ".join(pieces)
    return f"""
local thread_count = 0
setup = function(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count)
end
local counter = 0
local texts = {{{texts}}}
local paths = {{{path_list}}}
local stories = {{{story_list}}}
request = function()
  counter = counter + 1
  local n = "{run_tag}-" .. tid .. "-" .. counter
  local index = (counter % #texts) + 1
  local text = texts[index] .. " (" .. n .. ")"
  local story = tostring(stories[index])
  local body = {body}
  return wrk.format("POST", paths[index], {{["Content-Type"] = "application/json"}}, body)
end
"""


def majlis_post_lua(story_ids: list[int], run_tag: str) -> str:
    template = json.dumps(
        {
            "story_id": 123456789,
            "author_name": "Load reader",
            "author_email": "reader-{n}@example.org",
            "text": "{text}",
            "website": "",
        },
        ensure_ascii=False,
    ).replace("123456789", "{story}")
    return post_lua(
        paths=["/api/v1/comments"] * len(WRITE_TEXTS),
        body_template=template,
        story_ids=story_ids,
        run_tag=run_tag,
    )


def isso_post_lua(uris: list[str], run_tag: str) -> str:
    template = json.dumps(
        {
            "text": "{text}",
            "author": "Load reader",
            "email": "reader-{n}@example.org",
            "title": STORY_TITLE,
        }
    )
    paths = [f"/new?uri={urllib.parse.quote(uri, safe='')}" for uri in uris]
    return post_lua(paths=paths, body_template=template, story_ids=[0] * len(uris), run_tag=run_tag)


def write_targets(mix: str, story_ids: dict[str, int]) -> tuple[list[int], list[str]]:
    """Per text of WRITE_TEXTS: the Majlis story id and the Isso URI it is posted to."""
    langs = [lang if mix == "write" else "en" for lang, _ in WRITE_TEXTS]
    return [story_ids[f"write-{lang}"] for lang in langs], [isso_write_uri(lang) for lang in langs]


def server_cpu_seconds(server: ServerProcess) -> float:
    """User + system CPU of a server's process tree so far (master, workers and their threads)."""
    tick = os.sysconf("SC_CLK_TCK")
    todo, total = [server.process.pid], 0.0
    while todo:
        pid = todo.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue  # a worker that ended meanwhile
    return total


def _count(database: Path, query: str) -> int:
    """A count read straight from Majlis's SQLite file."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as db:
        (count,) = db.execute(query).fetchone()
    return int(count)


def undecided_count(database: Path) -> int:
    """Comments with no system decision yet."""
    return _count(
        database,
        "SELECT count(*) FROM comments_comment c WHERE c.status = 'pending' AND NOT EXISTS "
        "(SELECT 1 FROM moderation_decision d "
        "WHERE d.comment_id = c.id AND d.actor_kind = 'system')",
    )


def _wait_until_none(
    count: Callable[[], int], *, timeout_s: float, poll_s: float, message: str
) -> float:
    """Seconds until ``count()`` is 0 (0.0 if it already is); after ``timeout_s``, a
    RuntimeError saying ``message`` (formatted with the timeout)."""
    started = time.perf_counter()
    if not count():
        return 0.0
    while count():
        if time.perf_counter() - started > timeout_s:
            raise RuntimeError(message.format(timeout_s))
        time.sleep(poll_s)
    return time.perf_counter() - started


def moderation_drain(database: Path) -> float:
    """Seconds until every stored comment has its system decision."""
    return _wait_until_none(
        lambda: undecided_count(database),
        timeout_s=DRAIN_TIMEOUT_S,
        poll_s=0.05,
        message="comments still undecided {:g} s after the load",
    )


def awaiting_rescore_count(database: Path) -> int:
    """Held comments whose relevance across languages or meaning-based score is still to be
    added (majlis.moderation.constants.RESCORE_REASONS)."""
    return _count(
        database,
        "SELECT count(*) FROM comments_comment WHERE status = 'pending' "
        "AND (reason_codes LIKE '%,relevance_pending,%' "
        "OR reason_codes LIKE '%,semantic_pending,%')",
    )


def rescore_drain(database: Path) -> float:
    """Seconds until the rescore process has added every score left for later."""
    return _wait_until_none(
        lambda: awaiting_rescore_count(database),
        timeout_s=RESCORE_DRAIN_TIMEOUT_S,
        poll_s=0.2,
        message="rescore still unfinished {:g} s after",
    )


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def rows_table(rows: list[Row], *, markdown: bool) -> str:
    headers = [
        "test",
        "clients",
        "Isso req/s",
        "Isso p50 ms",
        "Isso p99 ms",
        "Isso CPU ms/post",
        "Majlis req/s",
        "Majlis drain s",
        "Majlis CPU ms/post",
        "rescore later s",
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
            f"{row.isso_cpu_ms:.1f}" if row.kind != "read" else "",
            f"{row.majlis_per_s:.0f}",
            f"{row.drain_s:.1f}" if row.kind != "read" else "",
            f"{row.majlis_cpu_ms:.1f}" if row.kind != "read" else "",
            f"{row.rescore_s:.1f}" if row.kind != "read" else "",
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
    for mix, what in WRITE_MIXES.items():
        writes = [r for r in rows if r.kind == mix]
        if not writes:
            continue
        best_isso = max(r.isso.ok_per_s for r in writes)
        best_majlis = max(r.majlis_per_s for r in writes)
        ratio = best_majlis / best_isso if best_isso else float("inf")
        lines.append(
            f"Write bar, {mix} ({what}; ≥ 2× Isso's posting throughput, best over "
            f"concurrencies, Majlis counted as stored and moderated): "
            f"{'MET' if ratio >= 2 else 'MISSED'} — {best_majlis:.0f} vs "
            f"{best_isso:.0f} posts/s = {ratio:.1f}×"
        )
        if any(r.rescore_s for r in writes):
            best_complete = max(r.complete_per_s for r in writes)
            lines.append(
                f"{mix} counting also the wait until the rescore had added what the first pass "
                f"left for later (not part of the bar): {best_complete:.0f} posts/s = "
                f"{best_complete / best_isso:.1f}× Isso"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--concurrency", default="1,8,32,128")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for each server")
    parser.add_argument("--skip-write", action="store_true")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--keep", action="store_true", help="keep the databases and logs")
    parser.add_argument(
        "--mixes", default=",".join(WRITE_MIXES), help="write mixes to run (write, write-x)"
    )
    args = parser.parse_args(argv)
    # SIGTERM (timeout, CI cancel) must still run the `finally` blocks that stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    levels = [int(part) for part in args.concurrency.split(",") if part]
    mixes = [mix for mix in args.mixes.split(",") if mix]
    unknown = set(mixes) - set(WRITE_MIXES)
    if unknown:
        parser.error(f"unknown mixes {sorted(unknown)}; choose from {', '.join(WRITE_MIXES)}")

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
            *(
                {
                    "key": f"write-{lang}",
                    "url": f"{WRITE_URL}{lang}/",
                    "title": title,
                    "language": lang,
                    "approved": 0,
                }
                for lang, title in WRITE_STORY_TITLES.items()
            ),
        ],
    )
    story_ids: dict[str, int] = seeded["stories"]  # type: ignore[assignment]
    isso = isso_server(work, workers=args.workers)
    majlis = majlis_server(env, workers=args.workers, log_path=work / "majlis.log")
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
            database = work / "majlis" / "majlis.sqlite3"
            for mix in mixes:
                majlis_stories, isso_uris = write_targets(mix, story_ids)
                for level in levels:
                    tag = f"{mix}c{level}t{int(time.time())}"
                    isso_cpu_before = server_cpu_seconds(isso)
                    isso_result = wrk_run(
                        f"{isso.base_url}/",
                        connections=level,
                        duration_s=args.duration,
                        request_lua=isso_post_lua(isso_uris, tag),
                    )
                    isso_posts = max(1, isso_result.requests - isso_result.non_2xx)
                    isso_cpu_ms = (server_cpu_seconds(isso) - isso_cpu_before) / isso_posts * 1000
                    cpu_before = server_cpu_seconds(majlis)
                    majlis_result = wrk_run(
                        f"{majlis.base_url}/",
                        connections=level,
                        duration_s=args.duration,
                        request_lua=majlis_post_lua(majlis_stories, tag),
                    )
                    drain = moderation_drain(database)
                    posts = max(1, majlis_result.requests - majlis_result.non_2xx)
                    cpu_ms = (server_cpu_seconds(majlis) - cpu_before) / posts * 1000
                    # Not in this cell's rate or CPU, but before the next cell starts.
                    rescore = rescore_drain(database)
                    rows.append(
                        Row(
                            mix,
                            level,
                            isso_result,
                            majlis_result,
                            drain_s=drain,
                            majlis_cpu_ms=cpu_ms,
                            isso_cpu_ms=isso_cpu_ms,
                            rescore_s=rescore,
                        )
                    )
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
        section_replace(DOC, "web", section)
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
    return f"""## Web: Majlis vs Isso {ISSO_VERSION} (`bench/web/run.py`)

Run {started:%Y-%m-%d %H:%M} UTC on {machine}.
Both under gunicorn with {args.workers} sync workers on 127.0.0.1, fresh SQLite (WAL) databases,
each writing gunicorn's access log to a file (`majlis serve` always does; Isso is given the same);
load from `wrk` ({args.duration:g} s per cell, 2 wrk threads, keep-alive not honoured by
gunicorn's sync workers so every request opens a connection for both servers).
- read: GET the story's thread — Isso `GET /?uri=…` (all 50 comments, Markdown rendered),
  Majlis `GET /api/v1/threads` (all 50 comments: `MAJLIS_THREAD_PAGE_SIZE=50` for the same payload).
- write: each request posts a distinct on-topic comment (English, Sorani, Arabic, Turkish) — Isso
  `POST /new` with moderation and guard off; Majlis `POST /api/v1/comments` → stored pending and
  committed, 202, then the full pipeline ({check_names}) and the policy decide on the server
  process's moderation thread, in batches of the comments waiting.
  `write`: {WRITE_MIXES["write"]}; `write-x`: {WRITE_MIXES["write-x"]}.
- Majlis write req/s = comments stored **and moderated** per second: the comments acknowledged
  in the cell divided by (cell time + "drain s", the wait after the cell until the last of them
  had its system decision). "rescore later s": the further wait until `majlis rescore` (the
  low-priority process `majlis serve` runs beside its workers) had added relevance across
  languages (`relevance_pending`: the Sorani, Arabic and Turkish comments under the English
  story in `write-x`) and the meaning-based score (`semantic_pending`: every Sorani, Arabic and
  Turkish comment) to the comments held for a human; that wait is in neither the rate nor the
  CPU column, and the verdict also gives the rate counting it. p50/p99 are the 202's latency.
  "CPU ms/post": a server's CPU time (all its processes and threads, from /proc) per post, over
  the cell (Majlis: and the drain).
  The load generator shares the two cores, so the throughput ratio is smaller than the ratio of
  work per post.
- req/s counts successful answers only; "errors I/M" = non-2xx answers + socket errors/timeouts.

{rows_table(rows, markdown=True)}

{chr(10).join(f"- {line}" for line in verdict)}
"""


if __name__ == "__main__":
    sys.exit(main())
