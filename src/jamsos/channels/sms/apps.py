from django.apps import AppConfig


class SmsConfig(AppConfig):
    name = "jamsos.channels.sms"
    label = "sms"
    verbose_name = "Layanan SMS / SMS service"
