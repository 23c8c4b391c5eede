from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.core import checks


class ModerationConfig(AppConfig):
    name = "majlis.moderation"
    label = "moderation"

    def ready(self) -> None:
        from majlis.moderation.i18n import register_language_info

        # Kurmanji (kmr) has no Django locale: give it language info (name, direction).
        register_language_info()
        checks.register(moderation_checks_importable, checks.Tags.compatibility)


def moderation_checks_importable(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """A typo in MAJLIS_MODERATION_CHECKS must stop the server at start, not hold every comment."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    errors: list[checks.CheckMessage] = []
    for path in settings.MAJLIS_MODERATION_CHECKS:
        try:
            check_class = import_string(path)
        except ImportError as error:
            errors.append(
                checks.Error(f"cannot import moderation check {path!r}: {error}", id="majlis.E001")
            )
            continue
        if not callable(getattr(check_class, "check", None)):
            errors.append(
                checks.Error(
                    f"moderation check {path!r} has no check(ctx) method", id="majlis.E002"
                )
            )
    return errors
