from django.contrib import admin
from django.urls import include, path

from majlis.comments.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/", api.urls),
    path("moderation/", include("majlis.moderation.urls")),
    path("", include("majlis.stories.urls")),
]
