"""The call's and the selection's emails (incubateur.notifications.registry): a receipt for
a submitted problem, the call's closing three days ahead and its end, the selection's
decisions to each submitter and candidate."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubateur.notifications import timing
from incubateur.notifications.message import Due, Message, Skip
from incubateur.notifications.registry import register
from incubateur.notifications.services import notify, notify_recipients
from intrapreneurs.models import Candidacy, ProblemSubmission
from programmes.models import Membership, Programme

CALL_CLOSING_FROM = datetime.time(9)
CALL_CLOSING_DAYS_BEFORE = 3


class SubmissionReceiptMessage(Message):
    kind = "submission_receipt"
    label = gettext_lazy("Accusé de réception d’un problème")
    model = ProblemSubmission
    related = ("author", "programme")
    template = "intrapreneurs/emails/receipt"

    def skip_reason(self, notification, submission, now):
        return _("Le problème est redevenu un brouillon.") if submission.is_draft else ""

    def context(self, notification, submission, now):
        return {"submission": submission}

    def action(self, notification, submission):
        path = reverse("intrapreneurs:submission_detail", args=[submission.pk])
        return _("Voir ou compléter votre problème"), path


class CallClosingMessage(Message):
    """Three days before the call closes, from 9:00 (a holiday or a weekend delays it to the
    next working day before the closing): referents, and agents who submitted nothing."""

    kind = "call_closing"
    label = gettext_lazy("Clôture prochaine de l’appel")
    model = Programme
    template = "intrapreneurs/emails/call_closing"
    reminder = True

    @staticmethod
    def recipients(programme):
        members = Membership.objects.filter(collectivity__programmes=programme)
        submitted = ProblemSubmission.objects.submitted().filter(
            programme=programme, author=OuterRef("pk")
        )
        return get_user_model().objects.filter(
            Q(pk__in=members.filter(role=Membership.Role.REFERENT).values("user"))
            | ~Exists(submitted),
            is_active=True,
            pk__in=members.values("user"),
        )

    @staticmethod
    def in_window(programme, now) -> bool:
        local = timing.local(now)
        first_day = programme.call_closes_on - datetime.timedelta(days=CALL_CLOSING_DAYS_BEFORE)
        return (
            programme.status == Programme.Status.CALL_OPEN
            and first_day <= local.date() <= programme.call_closes_on
            and local.time() >= CALL_CLOSING_FROM
        )

    def due(self, now):
        today = timing.local(now).date()
        if not timing.is_working_day(today):
            return []
        programmes = Programme.objects.filter(
            status=Programme.Status.CALL_OPEN,
            call_closes_on__gte=today,
            call_closes_on__lte=today + datetime.timedelta(days=CALL_CLOSING_DAYS_BEFORE),
        )
        return [
            Due(self.kind, user, programme, programme.call_closes_on.isoformat())
            for programme in programmes
            if self.in_window(programme, now)
            for user in self.recipients(programme)
        ]

    def skip_reason(self, notification, programme, now):
        if not self.in_window(programme, now):
            return _("L’appel est clos ou sa date de clôture a changé.")
        if notification.period != programme.call_closes_on.isoformat():
            return _("La date de clôture de l’appel a changé.")
        if not self.recipients(programme).filter(pk=notification.recipient_id).exists():
            return _("Le destinataire a déjà soumis un problème ou n’est plus membre.")
        return ""

    def context(self, notification, programme, now):
        is_referent = Membership.objects.filter(
            user=notification.recipient,
            collectivity__programmes=programme,
            role=Membership.Role.REFERENT,
        ).exists()
        return {
            "programme": programme,
            "is_referent": is_referent,
            "submitted_count": programme.submissions.submitted().count(),
        }

    def action(self, notification, programme):
        path = reverse("intrapreneurs:call_detail", args=[programme.slug])
        return _("Soumettre un problème"), path


class CallClosedMessage(Message):
    """To each author of a problem when the call closes: what goes to the committee, and
    the drafts that will not."""

    kind = "call_closed"
    label = gettext_lazy("Appel clos")
    model = Programme
    template = "intrapreneurs/emails/call_closed"

    def recipients(self, programme):
        """Each author of a problem, submitted or draft (intrapreneurs.services closes the
        call and notifies them)."""
        authors = (
            ProblemSubmission.objects.filter(programme=programme)
            .values_list("author", flat=True)
            .distinct()
        )
        return get_user_model().objects.filter(pk__in=authors, is_active=True)

    def skip_reason(self, notification, programme, now):
        if programme.status in {Programme.Status.DRAFT, Programme.Status.CALL_OPEN}:
            return _("L’appel n’est pas clos.")
        return ""

    def context(self, notification, programme, now):
        problems = list(
            ProblemSubmission.objects.filter(
                programme=programme, author=notification.recipient
            ).order_by("title")
        )
        if not problems:
            raise Skip(_("Le destinataire n’a aucun problème dans cet appel."))
        return {
            "programme": programme,
            "submitted": [problem for problem in problems if not problem.is_draft],
            "drafts": [problem for problem in problems if problem.is_draft],
        }

    def action(self, notification, programme):
        return _("Voir vos problèmes"), reverse("intrapreneurs:call_detail", args=[programme.slug])


class SubmissionDecisionMessage(Message):
    kind = "submission_decision"
    label = gettext_lazy("Décision sur un problème soumis")
    model = ProblemSubmission
    related = ("author", "programme")
    template = "intrapreneurs/emails/decision"

    def skip_reason(self, notification, submission, now):
        decided = {ProblemSubmission.AuthorStatus.SELECTED, ProblemSubmission.AuthorStatus.DECLINED}
        # Provisional decisions stay inside the committee until the finalisation.
        if submission.author_status in decided:
            return ""
        return _("Aucune décision annoncée sur ce problème.")

    def context(self, notification, submission, now):
        return {"submission": submission}

    def action(self, notification, submission):
        path = reverse("intrapreneurs:submission_detail", args=[submission.pk])
        return _("Voir votre problème"), path


class CandidacyDecisionMessage(Message):
    kind = "candidacy_decision"
    label = gettext_lazy("Décision sur une candidature")
    model = Candidacy
    related = ("agent", "programme")
    template = "intrapreneurs/emails/candidacy_decision"

    def skip_reason(self, notification, candidacy, now):
        decided = {Programme.Status.INVESTIGATION, Programme.Status.CLOSED}
        return "" if candidacy.programme.status in decided else _("La sélection n’est pas finie.")

    def context(self, notification, candidacy, now):
        problems = list(candidacy.assigned_problems.select_related("investigation"))
        return {"candidacy": candidacy, "problems": problems}

    def action(self, notification, candidacy):
        problem = candidacy.assigned_problems.select_related("investigation").first()
        if problem is not None and hasattr(problem, "investigation"):
            path = reverse("investigations:investigation_detail", args=[problem.investigation.pk])
            return _("Découvrir votre investigation"), path
        return _("Ouvrir votre espace"), reverse("home")


register(SubmissionReceiptMessage())
register(SubmissionDecisionMessage())
register(CandidacyDecisionMessage())
register(CallClosingMessage())
register(CallClosedMessage())


def notify_submission_receipt(*, submission) -> None:
    notify(kind=SubmissionReceiptMessage.kind, obj=submission, recipient=submission.author)


def notify_selection_decisions(*, programme) -> None:
    """Each submitter learns what became of their problem; each candidate whether they
    join a team."""
    for submission in ProblemSubmission.objects.filter(programme=programme).submitted():
        notify(kind=SubmissionDecisionMessage.kind, obj=submission, recipient=submission.author)
    for candidacy in Candidacy.objects.filter(programme=programme).select_related("agent"):
        notify(kind=CandidacyDecisionMessage.kind, obj=candidacy, recipient=candidacy.agent)


def notify_call_closed(*, programme) -> None:
    notify_recipients(kind=CallClosedMessage.kind, obj=programme)
