from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "ptce.core"
    label = "core"
    verbose_name = "Socle"
