from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "jamsos.notify"
    label = "notify"
    verbose_name = "Pesan keluar / Outbound messages"

    def ready(self) -> None:
        from jamsos.notify import checks  # noqa: F401 (registers the system checks)
