from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "herenigd.api"
    verbose_name = "API"
