"""majlis.supervise keeps its command running, starts it again when it dies, ends with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _wait_for(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status  # a zombie has ended


def _start(parent_pid: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "majlis.supervise", "--parent-pid", str(parent_pid), "--", *SLEEPER]
    )


def test_a_command_that_dies_is_started_again_and_stopped_on_sigterm():
    supervisor = _start(os.getpid())
    try:
        first = _wait_for(lambda: _children(supervisor.pid))[0]
        # the command is told its parent: the supervisor
        argv = Path(f"/proc/{first}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
        assert argv[-2:] == [b"--parent-pid", str(supervisor.pid).encode()]
        os.kill(first, signal.SIGKILL)  # as the kernel does when memory runs out
        second = _wait_for(lambda: [c for c in _children(supervisor.pid) if c != first])[0]
        assert _alive(second)
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(15) == 0
        assert not _alive(second)
    finally:
        supervisor.kill()
        supervisor.wait()


def test_the_supervisor_ends_with_its_parent_and_takes_the_command_with_it():
    # A stand-in for the server: starts the supervisor, then is killed without a word.
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, subprocess, sys, time; subprocess.Popen([sys.executable, '-m', "
            f"'majlis.supervise', '--parent-pid', str(os.getpid()), '--', *{SLEEPER!r}]); "
            "time.sleep(120)",
        ]
    )
    try:
        supervisor = _wait_for(lambda: _children(server.pid))[0]
        command = _wait_for(lambda: _children(supervisor))[0]
    finally:
        server.kill()
        server.wait()
    _wait_for(lambda: not _alive(supervisor) and not _alive(command))


def test_without_a_command_it_refuses_to_start():
    done = subprocess.run(
        [sys.executable, "-m", "majlis.supervise", "--parent-pid", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "no command to supervise" in done.stderr
