from django.apps import AppConfig


class CsConfig(AppConfig):
    name = "jamsos.channels.cs"
    label = "cs"
    verbose_name = "Konsol layanan pelanggan / Customer-service console"
