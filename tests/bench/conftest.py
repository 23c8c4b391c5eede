"""Make ``bench/`` (the ``peers`` package) and the adapter scripts importable in these tests."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
for path in (BENCH_DIR, BENCH_DIR / "peers" / "adapters"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
