from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes et collectivités")

    def ready(self):
        from programmes import signals  # noqa: F401 (connects the receivers)
