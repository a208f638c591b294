from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "jamsos.accounts"
    label = "accounts"
    verbose_name = "Akun / Accounts"

    def ready(self) -> None:
        from jamsos.accounts.groups import ensure_staff_groups

        # After the last app migrates, every permission exists.
        post_migrate.connect(ensure_staff_groups, dispatch_uid="jamsos.ensure_staff_groups")
