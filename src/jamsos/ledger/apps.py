from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "jamsos.ledger"
    label = "ledger"
    verbose_name = "Rekening JHT / JHT accounts"
