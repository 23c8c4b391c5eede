"""How a benchmark or robustness test starts its own Majlis: data dir, settings, serve command.

Majlis reads everything from the environment (``MAJLIS_DATA_DIR``, ``MAJLIS_*``), so a run gets
its own SQLite file and never touches the developer's ``var/``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.common.servers import ServerProcess, free_port

REPO = Path(__file__).resolve().parents[2]
SEED_SCRIPT = Path(__file__).with_name("majlis_seed.py")
HIGH_LIMIT = str(10**9)


def majlis_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a throwaway Majlis: its own database, limits out of the way of load."""
    env = {
        "MAJLIS_DATA_DIR": str(data_dir),
        "MAJLIS_SECRET_KEY": "bench-secret-key-not-for-production-0123456789abcdef",
        "DJANGO_SETTINGS_MODULE": "majlis.settings",
        # Load comes from one address: per-IP/e-mail limits would measure the limiter, not Majlis.
        "MAJLIS_RATE_COMMENT_IP": HIGH_LIMIT,
        "MAJLIS_RATE_COMMENT_EMAIL": HIGH_LIMIT,
        "MAJLIS_RATE_REPORT_IP": HIGH_LIMIT,
        "MAJLIS_RATE_THREAD_CREATE_IP": HIGH_LIMIT,
        "MAJLIS_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def majlis_seed(env: dict[str, str], **options: object) -> dict[str, object]:
    """Run the seeder in its own process (Django settings are per process) and return its JSON."""
    argv = [sys.executable, str(SEED_SCRIPT), json.dumps(options)]
    completed = subprocess.run(
        argv, env={**_base_env(), **env}, capture_output=True, text=True, check=False, cwd=REPO
    )
    if completed.returncode != 0:
        raise RuntimeError(f"seeding Majlis failed:\n{completed.stdout}\n{completed.stderr}")
    return dict(json.loads(completed.stdout.strip().splitlines()[-1]))


def majlis_server(
    env: dict[str, str], *, workers: int, log_path: Path, port: int | None = None
) -> ServerProcess:
    """``majlis serve`` (migrations, then gunicorn) on a loopback port, not yet started."""
    majlis = Path(sys.executable).with_name("majlis")
    argv = [
        str(majlis),
        "serve",
        "--no-demo",
        "--host",
        "127.0.0.1",
        "--port",
        str(port or free_port()),
        "--workers",
        str(workers),
    ]
    return ServerProcess(
        name="majlis",
        argv=argv,
        port=int(argv[argv.index("--port") + 1]),
        log_path=log_path,
        env={**_base_env(), **env},
        cwd=REPO,
    )


def _base_env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    return env
