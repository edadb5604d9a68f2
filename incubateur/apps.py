from django.apps import AppConfig


class IncubateurConfig(AppConfig):
    name = "incubateur"
    verbose_name = "Incubateur des territoires"
