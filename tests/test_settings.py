"""Settings read from the environment: DATABASE_URL's translation, the modes' validation."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from majlis.settings import database_from_url


def test_postgresql_urls_become_django_settings_with_jit_off():
    config = database_from_url("postgres://news:s%40cret@db.internal:6432/majlis?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("majlis", "news", "s@cret")
    assert (config["HOST"], config["PORT"]) == ("db.internal", "6432")
    # Page queries are short: JIT compiling only adds time (bench/scale at 10M comments).
    assert config["OPTIONS"] == {"sslmode": "require", "options": "-c jit=off"}


def test_a_urls_own_server_options_are_kept():
    config = database_from_url("postgresql://u@h/db?options=-c%20statement_timeout%3D5000")
    assert config["OPTIONS"] == {"options": "-c statement_timeout=5000"}


def test_sqlite_urls_and_unknown_schemes(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path}/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    with pytest.raises(ValueError, match="unsupported"):
        database_from_url("mysql://u@h/db")


def test_sqlite_runs_in_wal_mode_with_a_longer_checkpoint_interval(tmp_path):
    import sqlite3

    config = database_from_url(f"sqlite:///{tmp_path}/x.sqlite3")
    with sqlite3.connect(config["NAME"]) as db:
        db.executescript(config["OPTIONS"]["init_command"])
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
        assert db.execute("PRAGMA wal_autocheckpoint").fetchone() == (10_000,)


@pytest.mark.parametrize("variable", ["MAJLIS_SEMANTIC_SCORES", "MAJLIS_CROSS_LANGUAGE_RELEVANCE"])
def test_an_unknown_mode_for_the_slow_scores_stops_the_start_with_its_name(variable):
    result = subprocess.run(
        [sys.executable, "-c", "import majlis.settings"],
        env={**os.environ, variable: "sometimes"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert f"{variable} must be" in result.stderr and "'sometimes'" in result.stderr
