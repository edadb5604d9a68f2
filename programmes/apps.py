from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes et collectivités")

    def ready(self):
        from incubateur import fragments
        from programmes import signals  # noqa: F401 (connects the receivers)
        from programmes.models import (
            Collectivity,
            EmailDomain,
            Invitation,
            Membership,
            Programme,
            ProgrammeTransition,
        )

        # What each write makes out of date in the cached parts of pages.
        fragments.watch(Programme, None)
        fragments.watch(ProgrammeTransition, "programme")
        fragments.watch_everything(Collectivity)
        fragments.watch_everything(Membership)
        fragments.ignore(EmailDomain, Invitation)
