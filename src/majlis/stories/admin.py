from django.contrib import admin

from majlis.stories.models import Site, Story


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "default_language"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "site", "language", "comments_open", "created_at"]
    list_filter = ["site", "language", "comments_open"]
    search_fields = ["title", "url"]
