from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "jamsos.channels.web"
    label = "web"
    verbose_name = "Situs publik / Public web"
