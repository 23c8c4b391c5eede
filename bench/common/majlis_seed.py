"""Seed a throwaway Majlis database through its own services (run as a script, one process).

argv[1] is a JSON object of options:
  site (slug), stories: [{"key", "url", "title", "body", "language", "approved": n}],
  moderator (username).
Comments go through ``comment_create`` (the full moderation pipeline), then a moderator approves
whatever the system did not, so every seeded comment is published exactly as a reader's would be.
Prints one JSON line: {"stories": {key: story_id}, "moderator": ..., "checks": [...]}.
"""

from __future__ import annotations

import json
import os
import sys

SEED_SENTENCES = (
    "The drawdown to 2,500 troops matters most for the Kurdistan Region's security.",
    "Rocket attacks near the Green Zone show why the timing of this announcement is odd.",
    "Iraqi forces have improved a lot since 2017, but ISIS cells are still active in Kirkuk.",
    "Baghdad and Erbil should agree on how to fill the gap before January 15.",
    "ئەم بڕیارە کاریگەری لەسەر ئاسایشی هەرێمی کوردستان دەبێت.",
    "قرار خفض القوات سيؤثر على الوضع الأمني في بغداد وأربيل.",
)


def main() -> int:
    options = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "majlis.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from majlis.cli import moderator_ensure
    from majlis.comments.models import Comment, CommentStatus
    from majlis.comments.services import comment_create
    from majlis.moderation.services import comment_approve
    from majlis.stories.models import Site, Story

    call_command("migrate", interactive=False, verbosity=0)
    site, _ = Site.objects.get_or_create(
        slug=options.get("site", "bench"),
        defaults={
            "name": "Benchmark news",
            "default_language": "en",
            "allowed_origins": ["http://127.0.0.1"],
        },
    )
    username = options.get("moderator", "bench-moderator")
    moderator_ensure(username=username, password=options.get("password", "bench-password-123"))
    from django.contrib.auth import get_user_model

    moderator = get_user_model().objects.get(username=username)
    story_ids: dict[str, int] = {}
    for spec in options.get("stories", []):
        story, _ = Story.objects.get_or_create(
            site=site,
            url=spec["url"],
            defaults={
                "title": spec["title"],
                "body": spec.get("body", ""),
                "language": spec.get("language", "en"),
            },
        )
        story_ids[spec["key"]] = story.pk
        have = Comment.objects.filter(story=story, status=CommentStatus.APPROVED).count()
        for number in range(have, int(spec.get("approved", 0))):
            comment = comment_create(
                story=story,
                author_name=f"Seed reader {number}",
                author_email=f"seed{number}@example.org",
                text=f"{SEED_SENTENCES[number % len(SEED_SENTENCES)]} (seed {number})",
                ip_address=f"10.0.{number // 250}.{number % 250 + 1}",
            )
            comment.refresh_from_db()
            if comment.status != CommentStatus.APPROVED:
                comment_approve(comment=comment, moderator=moderator)
    print(
        json.dumps(
            {
                "stories": story_ids,
                "moderator": username,
                "checks": list(settings.MAJLIS_MODERATION_CHECKS),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
