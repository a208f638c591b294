from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "jamsos.notify"
    label = "notify"
    verbose_name = "Pesan keluar / Outbound messages"
