from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ptce.demo"
    label = "demo"
