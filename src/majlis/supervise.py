"""Keep one process running while its parent lives: ``majlis serve``'s rescore process.

    python -m majlis.supervise --parent-pid PID -- COMMAND [ARG ...]

Runs COMMAND with ``--parent-pid <this process>`` appended, and starts it again, after a pause,
whenever it ends (killed by the kernel for memory, say); stops it and ends when PID is gone or
on SIGTERM. Small on purpose (no Django, no models), so that it is not what the kernel kills.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from types import FrameType

logger = logging.getLogger("majlis.supervise")

RESTART_DELAY_SECONDS = 2.0
POLL_SECONDS = 0.5
STOP_SECONDS = 10.0


def supervise(
    argv: Sequence[str],
    *,
    parent_pid: int,
    restart_delay: float = RESTART_DELAY_SECONDS,
    poll: float = POLL_SECONDS,
) -> int:
    """Keep ``argv`` running while ``parent_pid`` is this process's parent; returns 0 when it
    stops (the parent gone, or SIGTERM)."""
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    child: subprocess.Popen[bytes] | None = None
    started = 0.0
    try:
        while not stopping and os.getppid() == parent_pid:
            if child is None or child.poll() is not None:
                if child is not None:
                    logger.warning(
                        "%s ended with code %s; starting it again", argv[0], child.returncode
                    )
                    if time.monotonic() - started < restart_delay:
                        time.sleep(restart_delay)  # not a busy loop if it cannot start at all
                    if stopping or os.getppid() != parent_pid:
                        break
                child = subprocess.Popen([*argv, "--parent-pid", str(os.getpid())])  # noqa: S603
                started = time.monotonic()
            time.sleep(poll)
    finally:
        if child is not None:
            process_stop(child, STOP_SECONDS)
    return 0


def process_stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM, then SIGKILL if it has not ended within ``timeout`` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m majlis.supervise", description=__doc__)
    parser.add_argument("--parent-pid", type=int, required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command to supervise")
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    return supervise(command, parent_pid=args.parent_pid)


if __name__ == "__main__":
    sys.exit(main())
