"""Drive Debian's ``wrk`` and read its exact numbers back through a Lua ``done`` hook."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

# wrk calls `done` once with the merged statistics of every thread; print them as one JSON line.
REPORT_LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d,'
    .. ' "max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True)
class WrkResult:
    connections: int
    requests: int
    duration_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int  # responses with a status of 400 or more
    socket_errors: int  # connect/read/write failures and timeouts

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def ok_per_s(self) -> float:
        """Throughput counting only successful answers: errors must not inflate a score."""
        return max(0, self.requests - self.non_2xx) / self.duration_s if self.duration_s else 0.0


def wrk_ensure() -> str:
    """Path of wrk; installs Debian's package when it is missing (a fresh machine lacks it)."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = ["apt-get", "install", "-y", "--no-install-recommends", "wrk"]
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run([*prefix, *apt], env=env, check=False).returncode != 0:
        subprocess.run([*prefix, "apt-get", "update"], env=env, check=True)
        subprocess.run([*prefix, *apt], env=env, check=True)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed and apt-get could not install it")
    return found


def wrk_run(
    url: str,
    *,
    connections: int,
    duration_s: float,
    threads: int | None = None,
    request_lua: str = "",
    timeout_s: float = 10.0,
    nice: int = 0,
) -> WrkResult:
    """Run wrk against ``url``; ``request_lua`` may define ``request``/``setup`` hooks."""
    threads = threads or min(connections, 2)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(request_lua + "\n" + REPORT_LUA)
    argv = [
        wrk_ensure(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration_s))}s",
        f"--timeout={timeout_s:g}s",
        "-s",
        script.name,
        url,
    ]
    if nice:
        argv = ["nice", "-n", str(nice), *argv]
    try:
        completed = subprocess.run(
            argv, capture_output=True, text=True, check=False, timeout=duration_s + timeout_s + 30
        )
    finally:
        os.unlink(script.name)
    for line in completed.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            raw = json.loads(line.removeprefix("WRK_JSON "))
            return WrkResult(
                connections=connections,
                requests=raw["requests"],
                duration_s=raw["duration_us"] / 1e6,
                p50_ms=raw["p50_us"] / 1000,
                p90_ms=raw["p90_us"] / 1000,
                p99_ms=raw["p99_us"] / 1000,
                max_ms=raw["max_us"] / 1000,
                non_2xx=raw["status"],
                socket_errors=raw["connect"] + raw["read"] + raw["write"] + raw["timeout"],
            )
    raise RuntimeError(
        f"wrk gave no result ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}"
    )
