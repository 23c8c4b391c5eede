"""The web/scale benchmark harness (bench/common): servers start and stop whole, wrk's numbers
come back through the Lua hook, doc sections are replaced in place."""

from __future__ import annotations

import shutil
import sys
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.common.report import markdown_table, section_replace, text_table  # noqa: E402
from bench.common.servers import ServerProcess, free_port  # noqa: E402


def test_section_replace_keeps_the_rest_of_the_file(tmp_path):
    doc = tmp_path / "benchmarks.md"
    section_replace(doc, "web", "first")
    doc.write_text(doc.read_text() + "\nhand-written notes\n")
    section_replace(doc, "scale", "scale numbers")
    section_replace(doc, "web", "second")
    text = doc.read_text()
    assert "first" not in text and text.count("second") == 1
    assert "hand-written notes" in text and "scale numbers" in text
    assert text.index("second") < text.index("hand-written notes")


def test_tables_have_one_row_per_result():
    rows = [["read", 1, "20"], ["write", 8, "30"]]
    assert len(text_table(["test", "clients", "req/s"], rows).splitlines()) == 4
    markdown = markdown_table(["test", "clients", "req/s"], rows).splitlines()
    assert markdown[1] == "|---|---|---|" and markdown[3] == "| write | 8 | 30 |"


@pytest.fixture
def static_server(tmp_path):
    (tmp_path / "index.html").write_text("hello")
    port = free_port()
    server = ServerProcess(
        name="http.server",
        port=port,
        log_path=tmp_path / "server.log",
        argv=[
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(tmp_path),
        ],
    )
    server.start(ready_path="/index.html", timeout=30)
    yield server
    server.stop()
    assert server.process.poll() is not None


@pytest.mark.skipif(shutil.which("wrk") is None, reason="Debian's wrk is not installed")
def test_wrk_numbers_come_back_and_errors_are_counted(static_server):
    from bench.common.wrk import wrk_run
    from bench.web.run import post_lua

    ok = wrk_run(f"{static_server.base_url}/index.html", connections=2, duration_s=1)
    assert ok.requests > 0 and ok.non_2xx == 0 and ok.ok_per_s > 0
    assert 0 < ok.p50_ms <= ok.p99_ms <= ok.max_ms
    # http.server answers POST with 501: every posted request must count as an error.
    lua = post_lua(
        paths=["/index.html"] * 6,
        body_template='{"text": "{text}", "n": "{n}", "story": {story}}',
        story_ids=[1] * 6,
        run_tag="t",
    )
    posted = wrk_run(f"{static_server.base_url}/", connections=2, duration_s=1, request_lua=lua)
    assert posted.requests > 0 and posted.non_2xx == posted.requests and posted.ok_per_s == 0


def test_a_write_cell_counts_majlis_as_stored_and_moderated_including_the_drain():
    from bench.common.wrk import WrkResult
    from bench.web.run import Row

    def result(requests: int, non_2xx: int = 0) -> WrkResult:
        return WrkResult(2, requests, 10.0, 1.0, 2.0, 3.0, 4.0, non_2xx, 0)

    read = Row("read", 8, result(1000), result(20_000), drain_s=5.0)
    assert read.majlis_per_s == 2000  # reads have no drain
    write = Row("write", 8, result(1000), result(3000, non_2xx=1000), drain_s=10.0)
    assert write.majlis_per_s == 100  # 2,000 accepted over 10 s + 10 s of moderation after
    assert write.ratio == 1.0
    # relevance added later: not in the bar's rate, in the complete one
    later = Row("write-x", 8, result(1000), result(3000), drain_s=5.0, rescore_s=15.0)
    assert later.majlis_per_s == 200 and later.complete_per_s == 100


def test_server_cpu_is_read_from_the_whole_process_tree(static_server):
    from bench.web.run import server_cpu_seconds

    before = server_cpu_seconds(static_server)
    for _ in range(300):  # well over one clock tick of CPU
        urllib.request.urlopen(f"{static_server.base_url}/index.html", timeout=10).read()
    assert server_cpu_seconds(static_server) > before >= 0.0
