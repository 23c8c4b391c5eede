from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "majlis.stories"
    label = "stories"
    verbose_name = "Sites and stories"
