from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from majlis.moderation.i18n import COMMENT_LANGUAGES, LANGUAGE_CODES
from majlis.moderation.models import Decision, ModeratorProfile, Policy


class PolicyForm(forms.ModelForm):
    """The policy's language picked from the languages Majlis knows, not typed as a code."""

    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Every language")), *COMMENT_LANGUAGES],
        required=False,
        help_text=_("Blank: applies to every language of the site."),
    )

    class Meta:
        model = Policy
        fields = [
            "site",
            "language",
            "mode",
            "reject_thresholds",
            "approve_thresholds",
            "notify_on_approve",
        ]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    form = PolicyForm
    list_display = ["site", "language", "mode", "version", "notify_on_approve", "updated_at"]
    list_filter = ["site", "mode"]
    readonly_fields = ["version", "updated_at"]
    fields = [
        "site",
        "language",
        "mode",
        "reject_thresholds",
        "approve_thresholds",
        "notify_on_approve",
        "version",
        "updated_at",
    ]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    """The moderation log, read-only: it is append-only by design."""

    list_display = ["id", "comment", "decision", "actor_kind", "moderator", "created_at"]
    list_filter = ["decision", "actor_kind"]
    search_fields = ["comment__text", "note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ModeratorProfileForm(forms.ModelForm):
    """Languages as checkboxes rather than a JSON text box."""

    languages = forms.MultipleChoiceField(
        label=_("Languages this moderator reads"),
        choices=[(code, label) for code, label in COMMENT_LANGUAGES if code in LANGUAGE_CODES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Their queue shows comments in these languages first (and comments whose language "
            "is not known); they can always switch to every language. None ticked: every language."
        ),
    )

    class Meta:
        model = ModeratorProfile
        fields = ["user", "languages"]

    def clean_languages(self) -> list[str]:
        chosen = set(self.cleaned_data.get("languages") or [])
        return [code for code in LANGUAGE_CODES if code in chosen]


@admin.register(ModeratorProfile)
class ModeratorProfileAdmin(admin.ModelAdmin):
    form = ModeratorProfileForm
    list_display = ["user", "language_list", "updated_at"]
    search_fields = ["user__username", "user__email"]
    autocomplete_fields = ["user"]

    @admin.display(description=_("Languages"))
    def language_list(self, obj: ModeratorProfile) -> str:
        return ", ".join(obj.languages) or str(_("every language"))


class ModeratorProfileInline(admin.StackedInline):
    model = ModeratorProfile
    form = ModeratorProfileForm
    fields = ["languages"]
    can_delete = False
    max_num = 1
    verbose_name = _("moderator languages")
    verbose_name_plural = _("moderator languages")


User = get_user_model()


class MajlisUserAdmin(UserAdmin):
    """Django's user admin plus the languages a moderator reads, on the same page."""

    inlines = [*UserAdmin.inlines, ModeratorProfileInline]


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, MajlisUserAdmin)
