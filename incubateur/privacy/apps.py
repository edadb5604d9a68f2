from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "incubateur.privacy"
    label = "privacy"
    verbose_name = _("Données personnelles")

    def ready(self):
        # Each app's part of the export and the anonymisation (registry.py): the
        # groundwork's own, then every installed app's `privacy.py`.
        import incubateur.privacy.platform  # noqa: F401

        autodiscover_modules("privacy")
