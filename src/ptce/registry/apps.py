from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "ptce.registry"
    label = "registry"
    verbose_name = "Registre"
