from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestigationsConfig(AppConfig):
    name = "investigations"
    verbose_name = _("Investigations")

    def ready(self):
        from incubateur import fragments
        from investigations import models

        # What each write makes out of date in the cached parts of pages.
        for model, path in [
            (models.Investigation, "programme"),
            (models.TeamMembership, "programme"),
            (models.PeopleMetPurge, "programme"),
            (models.WeeklySession, "investigation__programme"),
            (models.Attendance, "session__investigation__programme"),
            (models.Milestone, "investigation__programme"),
            (models.CheckInAnswer, "investigation__programme"),
            (models.Comment, "investigation__programme"),
            (models.Hypothesis, "investigation__programme"),
            (models.HypothesisChange, "hypothesis__investigation__programme"),
            (models.WeeklyLog, "investigation__programme"),
            (models.LogAttachment, "log__investigation__programme"),
            (models.LogFigure, "log__investigation__programme"),
            (models.Fiche, "investigation__programme"),
            (models.FicheFigure, "fiche__investigation__programme"),
            (models.FicheRevision, "fiche__investigation__programme"),
            (models.NextStep, "investigation__programme"),
            (models.CommitteeReview, "investigation__programme"),
            (models.Conclusion, "investigation__programme"),
            (models.ConclusionFigure, "conclusion__investigation__programme"),
            (models.Proposal, "conclusion__investigation__programme"),
        ]:
            fragments.watch(model, path)
