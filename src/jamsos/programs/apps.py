from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "jamsos.programs"
    label = "programs"
    verbose_name = "Program & parameter"
