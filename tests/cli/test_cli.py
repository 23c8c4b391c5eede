from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from majlis.cli import build_parser, main
from majlis.comments.models import Comment


def test_parser_knows_the_commands_and_serve_flags():
    args = build_parser().parse_args(
        ["serve", "--host", "0.0.0.0", "--port", "8123", "--workers", "3"]
    )
    assert (args.host, args.port, args.workers) == ("0.0.0.0", 8123, 3)
    defaults = build_parser().parse_args(["serve"])
    assert (defaults.host, defaults.port) == ("127.0.0.1", 8000)
    for command in ("createmoderator", "moderate-pending", "rescore", "manage"):
        assert command in build_parser().format_help()


def test_createmoderator_grants_the_moderate_permission(db, capsys):
    assert main(["createmoderator", "editor", "--password", "s3cret-pass"]) == 0
    user = get_user_model().objects.get(username="editor")
    assert user.has_perm("moderation.moderate")
    assert user.check_password("s3cret-pass")
    assert not user.is_staff
    assert main(["createmoderator", "editor"]) == 0  # resets, prints a generated password
    assert "Password:" in capsys.readouterr().out


def test_moderate_pending_command(story, capsys):
    Comment.objects.create(story=story, author_name="R", author_email="r@example.org", text="Hi.")
    assert main(["moderate-pending"]) == 0
    assert "moderated 1, failed 0" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)  # the command closes its connection
def test_rescore_command_adds_what_first_passes_left_for_later(settings, make_comment, capsys):
    settings.MAJLIS_CROSS_LANGUAGE_RELEVANCE = "deferred"
    sorani = "کشانەوەی سەربازانی ئەمریکا لە عێراق مەترسییە بۆ ئاسایشی هەرێمی کوردستان"
    comment = make_comment(sorani)
    assert comment.decisions.count() == 1
    assert main(["rescore"]) == 0
    assert "rescored 1, skipped 0, failed 0" in capsys.readouterr().out
    assert "off_topic" in comment.decisions.latest().scores


def test_a_following_rescore_stops_when_its_server_is_gone(db, capsys):
    # --parent-pid names a process that is not this one's parent: as if the server had died
    assert main(["rescore", "--follow", "--parent-pid", "1"]) == 0
    assert "rescored 0" in capsys.readouterr().out


def test_manage_passes_through(db, capsys):
    assert main(["manage", "check"]) == 0
    assert "no issues" in capsys.readouterr().out
