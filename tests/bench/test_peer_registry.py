"""Running a peer in its own virtualenv: parsing its answer, and reporting why it failed."""

from __future__ import annotations

from dataclasses import replace

from peers.registry import (
    ADAPTERS_DIR,
    PEERS,
    Peer,
    last_meaningful_line,
    parse_adapter_output,
    run_peer,
)


def test_every_peer_has_an_adapter_file():
    for peer in PEERS:
        assert (ADAPTERS_DIR / peer.adapter).is_file(), peer.name


def test_peer_names_are_unique():
    assert len({peer.name for peer in PEERS}) == len(PEERS)


def test_adapter_output_ignores_foreign_stdout_lines_and_keeps_the_summary():
    stdout = "\n".join(
        [
            "Epoch 1/1 - some TensorFlow chatter",
            '{"id": "a", "scores": {"profanity": 0.25}}',
            '{"id": 7, "scores": {"profanity": 1}}',
            '{"summary": {"peer": "p", "n": 2, "output": "binary"}}',
        ]
    )
    scores, summary = parse_adapter_output(stdout)
    assert scores == {"a": {"profanity": 0.25}, "7": {"profanity": 1.0}}
    assert summary["output"] == "binary"


def test_the_reason_of_a_failure_is_the_last_line_of_the_traceback():
    stderr = (
        "Traceback (most recent call last):\n  File x\n"
        "urllib.error.URLError: <urlopen error [Errno -2] Name or service not known>\n\n"
    )
    assert last_meaningful_line(stderr).startswith("urllib.error.URLError")
    assert last_meaningful_line("") == ""


def test_a_peer_that_is_not_installed_is_reported_not_dropped(tmp_path):
    missing = Peer("ghost", "no-such-venv", "profanity_check_adapter.py", "nothing")
    result = run_peer(missing, [{"id": "1", "text": "x"}], tmp_path, timeout=5)
    assert result.status == "not installed"
    assert "setup.sh no-such-venv" in result.error
    assert result.comments_per_second is None


def test_a_crashing_adapter_is_reported_with_its_error(tmp_path, monkeypatch):
    # The project's own interpreter stands in for a venv that lacks the peer package.
    import sys

    import peers.registry as registry

    venv = tmp_path / "venvs" / "broken"
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "python").symlink_to(sys.executable)
    (venv / ".majlis-ready").touch()
    monkeypatch.setattr(registry, "VENVS_DIR", tmp_path / "venvs")
    peer = replace(PEERS[0], name="broken", venv="broken", adapter="tox_block_adapter.py")
    result = run_peer(peer, [{"id": "1", "text": "x"}], tmp_path / "work", timeout=60)
    assert result.status == "failed"
    assert "tox_block" in result.error


SETUP = ADAPTERS_DIR.parent / "setup.sh"


def test_every_peer_venv_is_a_group_that_setup_builds():
    text = SETUP.read_text()
    groups = text.split("ALL_GROUPS=(", 1)[1].split(")", 1)[0].split()
    assert {peer.venv for peer in PEERS} <= set(groups)
    for group in groups:
        assert f"group_{group.replace('-', '_')}()" in text


def test_setup_refuses_an_unknown_group(tmp_path):
    import os
    import subprocess

    completed = subprocess.run(
        ["bash", str(SETUP), "no-such-group"],
        capture_output=True,
        text=True,
        env={**os.environ, "MAJLIS_PEER_VENVS": str(tmp_path)},
        timeout=120,
        check=False,
    )
    assert completed.returncode == 1
    assert "unknown group no-such-group" in completed.stderr
