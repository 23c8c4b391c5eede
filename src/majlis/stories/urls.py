"""The demo newsroom pages."""

from django.urls import path

from majlis.stories import views

app_name = "stories"
urlpatterns = [
    path("", views.demo_story, name="home"),
    path("demo/", views.demo_story, name="demo"),
    path("demo/<slug:slug_or_id>/", views.demo_story, name="demo_story"),
]
