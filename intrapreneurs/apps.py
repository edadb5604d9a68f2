from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntrapreneursConfig(AppConfig):
    name = "intrapreneurs"
    verbose_name = _("Appel à problèmes et intrapreneurs")

    def ready(self):
        from incubateur import fragments
        from intrapreneurs import models
        from intrapreneurs.themes import Theme

        # What each write makes out of date in the cached parts of pages.
        fragments.watch(models.ProblemSubmission, "programme")
        fragments.watch(models.SubmissionAttachment, "submission__programme")
        fragments.watch(models.Candidacy, "programme")
        fragments.watch(models.TeamAssignment, "candidacy__programme")
        fragments.watch(models.SelectionReview, "submission__programme")
        fragments.watch_everything(Theme)
