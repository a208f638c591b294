from django.apps import AppConfig


class HelpdeskConfig(AppConfig):
    name = "jamsos.helpdesk"
    label = "helpdesk"
    verbose_name = "Tiket dan pengaduan / Tickets and complaints"
