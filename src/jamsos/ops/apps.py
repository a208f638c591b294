from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "jamsos.ops"
    label = "ops"
    verbose_name = "Operasi / Operations"

    def ready(self) -> None:
        # Refuse to serve a single request without valid personal-data keys.
        from jamsos.privacy.keys import load_keyring

        load_keyring()
