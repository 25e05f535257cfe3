from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "herenigd.demo"
    verbose_name = "Demo data"
