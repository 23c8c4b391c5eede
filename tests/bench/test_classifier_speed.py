"""bench/classifier_speed.py runs end to end on a few comments and reports every language."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DATA.is_dir(), reason="shared/data not present"),
]


def test_the_speed_report_has_the_english_bars_and_a_row_per_language(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    sys.modules.pop("classifier_speed", None)
    import classifier_speed

    report = tmp_path / "speed.md"
    assert (
        classifier_speed.main(
            [
                "--comments=20",
                "--latency-comments=5",
                "--batch-sizes",
                "8",
                "--per-language=5",
                "--across-comments=2",
                "--report",
                str(report),
            ]
        )
        == 0
    )
    text = report.read_text(encoding="utf-8")
    assert "best batched throughput" in text and "single comment + article, p99" in text
    assert "English cascade: left to the transformer" in text
    assert "English cascade: the rescore, batched 64" in text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    by_language = {line.split(" | ")[0][2:]: line.split(" | ") for line in rows}
    for lang in ("en", "ckb", "kmr", "ar", "fa", "tr"):
        cells = by_language[lang]
        assert len(cells) == 7, cells
        # every rate is a number of comments per second; every language has a rescore (for
        # English, the cascade's transformer), English no other language
        assert all(cell.replace(",", "").isdigit() for cell in cells[2:5]), cells
        assert (cells[5] == "(same language)") == (lang == "en"), cells
        assert all(c.replace(",", "").isdigit() for c in cells[4:6] if not c.startswith("(")), cells
