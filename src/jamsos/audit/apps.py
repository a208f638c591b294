from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "jamsos.audit"
    label = "audit"
    verbose_name = "Audit"
