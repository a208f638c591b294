from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jamsos.channels.api"
    label = "api"
    verbose_name = "API"
