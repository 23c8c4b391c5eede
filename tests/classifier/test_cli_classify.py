"""``majlis classify``: streaming JSONL in, JSONL out, bad lines reported and counted."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from classifier import DEFAULT_ARTIFACT
from classifier.cli import add_commands
from classifier.labels import CATEGORIES


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="majlis")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_classify_streams_and_reports_bad_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comments = tmp_path / "comments.jsonl"
    articles = tmp_path / "articles.jsonl"
    output = tmp_path / "scores.jsonl"
    articles.write_text(
        json.dumps({"id": "a1", "title": "Budget talks stall", "body": "Erbil and Baghdad..."})
        + "\n"
    )
    comments.write_text(
        "\n".join(
            [
                json.dumps({"id": 1, "text": "Pay the teachers first.", "article_id": "a1"}),
                "{not json",
                json.dumps({"id": 2, "text": "You are a moron", "lang": "en"}),
                json.dumps({"id": 3}),
                json.dumps({"id": 4, "text": "hi", "article_id": "missing"}),
                "",
                json.dumps({"id": 5, "text": "Thanks for the report."}),
            ]
        )
        + "\n"
    )
    code = _run(
        ["classify", "--input", str(comments), "--articles", str(articles),
         "--output", str(output), "--artifact", str(DEFAULT_ARTIFACT), "--batch-size", "2"]
    )  # fmt: skip
    assert code == 0
    rows = [json.loads(line) for line in output.read_text().splitlines()]
    assert [r["id"] for r in rows] == [1, 2, 5]
    for row in rows:
        assert set(row) == {
            "id", "lang", "scores", "abuse_target", "spans", "decision", "reasons", "model_version"
        }  # fmt: skip
        assert row["decision"] in {"approve", "reject", "review"}
    assert set(rows[0]["scores"]) == set(CATEGORIES)
    assert "off_topic" not in rows[1]["scores"]
    assert rows[1]["decision"] == "reject" and "personal_attack" in rows[1]["reasons"]
    err = capsys.readouterr().err
    assert ":2: bad line skipped" in err
    assert ":4: bad line skipped: missing field 'text'" in err
    assert ":5: bad line skipped: unknown article_id 'missing'" in err
    assert "3 bad lines skipped" in err


def test_classify_words_only_leaves_the_multilingual_model_out(tmp_path: Path) -> None:
    comments = tmp_path / "comments.jsonl"
    comments.write_text(
        json.dumps({"id": 1, "text": "تو واقعا آدم بی‌ارزش و حقیری هستی", "lang": "fa"}) + "\n"
    )
    scores = {}
    for mode in ("full", "words"):
        output = tmp_path / f"{mode}.jsonl"
        argv = ["classify", "--input", str(comments), "--output", str(output)]
        assert _run(argv + (["--words-only"] if mode == "words" else [])) == 0
        scores[mode] = json.loads(output.read_text())["scores"]
    # the meaning raises this insult, which its words alone rank lower
    assert max(scores["full"].values()) > max(scores["words"].values())


def test_classify_refuses_a_bad_artifact(tmp_path: Path) -> None:
    comments = tmp_path / "c.jsonl"
    comments.write_text(json.dumps({"id": 1, "text": "x"}) + "\n")
    code = _run(
        ["classify", "--input", str(comments), "--output", str(tmp_path / "o.jsonl"),
         "--artifact", str(tmp_path)]
    )  # fmt: skip
    assert code == 2


def test_train_refuses_nonpermissive_sets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(["train", "--data", str(tmp_path), "--out", str(tmp_path / "a"),
                 "--sets", "c3_constructive_comments"])  # fmt: skip
    assert code == 2
    assert "allow-nonpermissive" in capsys.readouterr().err
