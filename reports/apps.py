from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapports et tableaux de bord")

    def ready(self):
        from incubateur import fragments
        from reports.models import Report

        # What each write makes out of date in the cached parts of pages.
        fragments.watch(Report, "programme")
