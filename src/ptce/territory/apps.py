from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "ptce.territory"
    label = "territory"
    verbose_name = "Territoires"
