from django.apps import AppConfig


class IncubateurConfig(AppConfig):
    name = "incubateur"
    verbose_name = "Incubateur des territoires"

    def ready(self):
        from incubateur import i18n

        i18n.install()
