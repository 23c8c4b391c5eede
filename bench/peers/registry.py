"""The offline peers Majlis is compared with, and how to run each in its own virtualenv.

Each peer is scored by a small adapter script (``bench/peers/adapters/``) run with the peer venv's
Python; it speaks the JSONL protocol of ``adapters/_protocol.py``. A peer that is not installed,
crashes or times out is reported with the reason, never silently dropped.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent.parent
ADAPTERS_DIR = BENCH_DIR / "peers" / "adapters"
VENVS_DIR = Path(os.environ.get("MAJLIS_PEER_VENVS", BENCH_DIR / ".venvs"))

# Peers never reach the network during the benchmark: a peer that needs it must fail visibly.
OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "PYTHONWARNINGS": "ignore",
    "PYTHONIOENCODING": "utf-8",
}


@dataclass(frozen=True)
class Peer:
    name: str  # the PyPI name
    venv: str  # directory under bench/.venvs (a setup.sh group)
    adapter: str  # file under bench/peers/adapters
    what: str  # one line: labels and model, for the report
    env: Mapping[str, str] = field(default_factory=dict)
    max_per_set: int | None = None  # for peers too slow to score the full sample in time
    languages: tuple[str, ...] = ("en",)  # the languages of the comments it is meant for

    @property
    def python(self) -> Path:
        return VENVS_DIR / self.venv / "bin" / "python"

    @property
    def installed(self) -> bool:
        return (VENVS_DIR / self.venv / ".majlis-ready").exists() and self.python.exists()


PEERS: tuple[Peer, ...] = (
    Peer(
        "tox-block",
        "tf",
        "tox_block_adapter.py",
        "Jigsaw 6 labels, GloVe BiLSTM (Keras 2)",
        env={"TF_USE_LEGACY_KERAS": "1"},
    ),
    Peer(
        "toxic-comment-classifier",
        "tf",
        "toxic_comment_classifier_adapter.py",
        "Jigsaw 6 labels, BiLSTM (Keras 3)",
    ),
    Peer(
        "hatesonar",
        "hatesonar",
        "hatesonar_adapter.py",
        "hate / offensive / neither, TF-IDF + LR (ONNX), Davidson tweets",
        env={"LOCPATH": str(VENVS_DIR / "_locale")},
    ),
    Peer(
        "alt-profanity-check",
        "alt-profanity-check",
        "profanity_check_adapter.py",
        "profane probability, TF-IDF + calibrated linear SVM",
        env={"MAJLIS_PEER_NAME": "alt-profanity-check"},
    ),
    Peer(
        "profanity-check",
        "profanity-check",
        "profanity_check_adapter.py",
        "profane probability, same model family, Python 3.7 + scikit-learn 0.20",
        env={"MAJLIS_PEER_NAME": "profanity-check"},
    ),
    Peer(
        "better-profanity",
        "better-profanity",
        "better_profanity_adapter.py",
        "word list with leetspeak variants, yes/no only",
        max_per_set=200,  # ~10-25 comments/s: one Python call per text, no batch API
    ),
    Peer(
        "pyspamdetector",
        "pyspamdetector",
        "pyspamdetector_adapter.py",
        "spam probability, TF-IDF + LR",
    ),
    Peer(
        "pyspam-classifier",
        "pyspam-classifier",
        "pyspam_classifier_adapter.py",
        "spam probability, bag of words + naive Bayes, Python 3.10 + scikit-learn 1.0",
    ),
    Peer(
        "arabic-toxic",
        "arabic-toxic",
        "arabic_toxic_adapter.py",
        "Cussing / Hatred / Sexual / Racial / Appearance / Violence, TF-IDF (Arabic)",
        languages=("ar",),
    ),
    Peer(
        "detoxify",
        "detoxify",
        "detoxify_adapter.py",
        "Jigsaw labels, BERT/RoBERTa (torch); checkpoint downloaded at load time",
        max_per_set=20,
    ),
)


@dataclass
class PeerRun:
    """What one peer produced: scores per input id, or the reason it produced none."""

    peer: Peer
    status: str  # "ok" | "not installed" | "failed" | "timed out"
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    output: str = "probability"  # or "binary": only F1 is meaningful
    version: str = ""
    n: int = 0
    load_seconds: float | None = None
    score_seconds: float | None = None
    wall_seconds: float | None = None
    error: str = ""

    @property
    def comments_per_second(self) -> float | None:
        if not self.score_seconds or not self.n:
            return None
        return self.n / self.score_seconds


def last_meaningful_line(text: str) -> str:
    """The line of a traceback that says what went wrong (its last non-blank line)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def parse_adapter_output(stdout: str) -> tuple[dict[str, dict[str, float]], dict[str, object]]:
    """Split adapter stdout into {id: scores} and the trailing summary."""
    scores: dict[str, dict[str, float]] = {}
    summary: dict[str, object] = {}
    for line in stdout.splitlines():
        if not line.strip().startswith("{"):
            continue  # a peer printing to stdout (TensorFlow does) is not our protocol
        record = json.loads(line)
        if "summary" in record:
            summary = record["summary"]
        elif "id" in record and "scores" in record:
            scores[str(record["id"])] = {k: float(v) for k, v in record["scores"].items()}
    return scores, summary


def run_peer(peer: Peer, items: list[dict[str, str]], work_dir: Path, timeout: float) -> PeerRun:
    """Score ``items`` ({id, text}) with ``peer`` in its own venv, in one process."""
    if not peer.installed:
        return PeerRun(peer, "not installed", error=f"run bench/peers/setup.sh {peer.venv}")
    work_dir.mkdir(parents=True, exist_ok=True)
    input_path = work_dir / f"{peer.name}.in.jsonl"
    output_path = work_dir / f"{peer.name}.out.jsonl"
    with input_path.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps({"id": item["id"], "text": item["text"]}) + "\n")
    output_path.unlink(missing_ok=True)
    command = [
        "nice", "-n", "10", str(peer.python), str(ADAPTERS_DIR / peer.adapter),
        "--input", str(input_path), "--output", str(output_path),
    ]  # fmt: skip
    env = {**os.environ, **OFFLINE_ENV, **peer.env}
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return PeerRun(peer, "timed out", error=f"no answer within {timeout:.0f} s")
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        reason = last_meaningful_line(completed.stderr) or f"exit code {completed.returncode}"
        return PeerRun(peer, "failed", wall_seconds=wall, error=reason)
    _, summary = parse_adapter_output(completed.stdout)
    scores, _ = parse_adapter_output(output_path.read_text(encoding="utf-8"))
    missing = len(items) - len(scores)
    if missing:
        return PeerRun(peer, "failed", wall_seconds=wall, error=f"{missing} texts left unscored")
    return PeerRun(
        peer,
        "ok",
        scores=scores,
        output=str(summary.get("output", "probability")),
        version=str(summary.get("version", "")),
        n=int(str(summary.get("n", len(scores)))),
        load_seconds=_float_or_none(summary.get("load_seconds")),
        score_seconds=_float_or_none(summary.get("score_seconds")),
        wall_seconds=wall,
    )


def _float_or_none(value: object) -> float | None:
    return float(str(value)) if value is not None else None
