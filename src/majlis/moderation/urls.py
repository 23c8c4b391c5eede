"""Moderation workspace pages (server-rendered; the JSON API lives in ``comments.api``)."""

from django.urls import path
from django.views.i18n import set_language

from majlis.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    # The workspace's language switcher (POST language, next): a cookie, then back to `next`.
    path("language/", set_language, name="set_language"),
    path("bulk/", views.bulk_decide, name="bulk_decide"),
    path("comments/<int:comment_id>/", views.comment_history, name="comment_history"),
    path("comments/<int:comment_id>/approve/", views.comment_approve, name="comment_approve"),
    path("comments/<int:comment_id>/reject/", views.comment_reject, name="comment_reject"),
    path("comments/<int:comment_id>/author/", views.author_comments, name="author_comments"),
]
