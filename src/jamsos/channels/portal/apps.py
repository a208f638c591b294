from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "jamsos.channels.portal"
    label = "portal"
    verbose_name = "Portal peserta / Participant portal"
