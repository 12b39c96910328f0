from django.apps import AppConfig


class PolesConfig(AppConfig):
    name = "ptce.poles"
    label = "poles"
    verbose_name = "Pôles"
