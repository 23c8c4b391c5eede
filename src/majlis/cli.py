"""The ``majlis`` command: serve, createmoderator, moderate-pending, manage (+ classifier commands).

Each subcommand sets ``func`` (argparse default) to a callable taking the parsed arguments and
returning an exit code; ``classifier.cli.add_commands`` registers its own the same way.
"""

from __future__ import annotations

import argparse
import importlib
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
MODERATORS_GROUP = "Moderators"


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    import django

    django.setup()


def moderator_ensure(
    *, username: str, email: str = "", password: str | None = None
) -> tuple[bool, str | None]:
    """Create (or update the password of) a user with the ``moderation.moderate`` permission.

    Returns (created, password set or None).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission

    permission = Permission.objects.get(content_type__app_label="moderation", codename="moderate")
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    group.permissions.add(permission)
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"email": email})
    if password is not None:
        user.set_password(password)
        user.save()
    user.groups.add(group)
    return created, password


def _demo_password_file() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "demo_moderator_password"


def _demo_moderator_ensure() -> str:
    """Create the demo moderator once, keep its generated password under var/, say how to log in."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    username = settings.MAJLIS_DEMO_MODERATOR
    password_file = _demo_password_file()
    if not get_user_model().objects.filter(username=username).exists():
        password = secrets.token_urlsafe(12)
        moderator_ensure(username=username, password=password)
        password_file.touch(mode=0o600)
        password_file.write_text(password + "\n")
    if password_file.exists():
        password = password_file.read_text().strip()
        return f"Demo moderator: user {username!r}, password {password!r}"
    return (
        f"Demo moderator {username!r} exists; set a new password with "
        f"`majlis createmoderator {username} --password NEW`"
    )


def cmd_serve(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management import call_command

    from majlis.moderation.services import comments_moderate_pending
    from majlis.stories.demo import demo_data_load

    call_command("migrate", interactive=False, verbosity=1)
    if not args.no_demo and demo_data_load():
        print("Loaded the demo site and stories.")
    login_hint = _demo_moderator_ensure() if not args.no_demo else ""
    counts = comments_moderate_pending()
    if counts["moderated"] or counts["failed"]:
        print(f"Moderated {counts['moderated']} waiting comments ({counts['failed']} failed).")
    host = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{host}:{args.port}"
    print(f"\nMajlis on {base}/  —  demo article {base}/demo/, workspace {base}/moderation/")
    if login_hint:
        print(f"{login_hint}  (log in at {base}/accounts/login/)")
    print(f"API docs {base}/api/docs\n", flush=True)
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "majlis.wsgi:application",
        "--bind",
        f"{host}:{args.port}",
        "--workers",
        str(args.workers),
        "--access-logfile",
        "-",
        "--timeout",
        "60",
        # Several instances may share a machine: no shared control socket under ~/.gunicorn.
        "--no-control-socket",
        # Import the app (and load the classifier) once in the master; workers share the memory.
        "--preload",
        # Hooks: a stopping worker finishes the comments its moderation thread still holds.
        "--config",
        "python:majlis.gunicorn_hooks",
    ]
    # One process per core already: native model code (the multilingual embedding's OpenMP)
    # must not also spread each process over every core, which makes them fight for the CPU.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # exec: gunicorn takes over this process, so signals and exit codes reach it directly.
    os.execv(sys.executable, gunicorn)  # noqa: S606 - fixed argv, no shell
    return 0  # pragma: no cover - unreachable after exec


def cmd_createmoderator(args: argparse.Namespace) -> int:
    _django_setup()
    password = args.password
    generated = False
    if password is None:
        password = secrets.token_urlsafe(12)
        generated = True
    created, _ = moderator_ensure(username=args.username, email=args.email, password=password)
    print(f"{'Created' if created else 'Updated'} moderator {args.username!r}.")
    if generated:
        print(f"Password: {password}")
    return 0


def cmd_moderate_pending(args: argparse.Namespace) -> int:
    _django_setup()
    from majlis.moderation.services import comments_moderate_pending

    counts = comments_moderate_pending(include_unscored=args.include_unscored)
    print(f"moderated {counts['moderated']}, failed {counts['failed']}")
    return 1 if counts["failed"] else 0


def cmd_rescore(args: argparse.Namespace) -> int:
    _django_setup()
    from django.conf import settings

    from majlis.moderation.background import rescore_follow

    parent = args.parent_pid

    def parent_gone() -> bool:
        return parent is not None and os.getppid() != parent

    counts = rescore_follow(
        batch_size=settings.MAJLIS_RESCORE_BATCH_SIZE,
        until_done=not args.follow,
        should_stop=parent_gone,
        nice=args.nice,
    )
    print(f"rescored {counts['rescored']}, skipped {counts['skipped']}, failed {counts['failed']}")
    return 1 if counts["failed"] else 0


def cmd_manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["majlis manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="majlis", description="Self-hosted, pre-moderated comments for news sites."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)

    serve = subparsers.add_parser(
        "serve", help="migrate, load the demo data into an empty database, and serve (gunicorn)"
    )
    serve.add_argument("--host", default=DEFAULT_HOST)
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--no-demo", action="store_true", help="no demo data, no demo moderator")
    serve.set_defaults(func=cmd_serve)

    create = subparsers.add_parser("createmoderator", help="create a moderator or reset a password")
    create.add_argument("username")
    create.add_argument("--email", default="")
    create.add_argument("--password", help="generated and printed when left out")
    create.set_defaults(func=cmd_createmoderator)

    pending = subparsers.add_parser(
        "moderate-pending", help="run moderation on pending comments the system never decided"
    )
    pending.add_argument(
        "--include-unscored",
        action="store_true",
        help="also retry comments held because a check failed",
    )
    pending.set_defaults(func=cmd_moderate_pending)

    rescore = subparsers.add_parser(
        "rescore",
        help="add the scores first passes left for later (relevance across languages, the "
        "meaning-based score) to the comments held with `relevance_pending` or `semantic_pending`",
    )
    rescore.add_argument(
        "--follow", action="store_true", help="keep going, looking for new ones every 2 s"
    )
    rescore.add_argument(
        "--nice",
        type=int,
        default=0,
        help="lower the scoring's CPU priority by this much (its database writes keep theirs)",
    )
    rescore.add_argument(
        "--parent-pid", type=int, help="stop when this process (the server) is gone"
    )
    rescore.set_defaults(func=cmd_rescore)

    manage = subparsers.add_parser("manage", help="Django management commands (majlis manage help)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)

    try:
        classifier_cli = importlib.import_module("classifier.cli")
    except ModuleNotFoundError as error:
        if error.name not in {"classifier", "classifier.cli"}:
            raise
        classifier_cli = None
    add_commands = getattr(classifier_cli, "add_commands", None)
    if callable(add_commands):
        add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result = args.func(args)
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
