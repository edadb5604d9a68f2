"""The world every URL of the access-policy walk is requested against: two collectivités,
one user per role, and a real object behind every URL parameter (downloads included), so
that each request reaches the view's permission check rather than a missing object."""

from django.core.files.base import ContentFile
from django.urls import reverse

from incubateur.calendars.models import CalendarFeed
from incubateur.notifications.message import unsubscribe_path
from intrapreneurs.models import SubmissionAttachment
from investigations.models import LogAttachment
from reports.models import Report
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.investigations.factories import (
    FicheFactory,
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import InvitationFactory, ProgrammeFactory
from tests.security.common import collectivity_with_members

ROLES = [
    "anonymous",
    "agent",
    "other_agent",
    "referent",
    "other_referent",
    "intrapreneur",
    "other_intrapreneur",
    "coach",
    "designer",
    "other_coach",
    "admin",
]


def _pdf(instance, name: str):
    instance.file.save(name, ContentFile(b"%PDF"), save=True)
    return instance


def _pdf_attachment(model, name: str, **owner):
    attachment = model(
        original_name=name, content_type="application/pdf", extension=".pdf", size=4, **owner
    )
    return _pdf(attachment, name)


class World:
    """Collectivité A runs programme A, in investigation, with two investigations;
    collectivité B runs programme B, whose call is open. Every URL targets A's objects.

    - agent, referent: members of A; other_agent, other_referent: of B;
    - intrapreneur: on investigation A1, which every URL targets; other_intrapreneur: on
      A2, same programme, another investigation;
    - coach, designer: programme A's ANCT team; other_coach: programme B's;
    - admin: ANCT staff."""

    def __init__(self):
        self.collectivity, agent, referent = collectivity_with_members()
        self.other_collectivity, other_agent, other_referent = collectivity_with_members()
        self.programme = ProgrammeFactory(investigation=True, collectivities=[self.collectivity])
        self.other_programme = ProgrammeFactory(
            call_open=True, collectivities=[self.other_collectivity]
        )
        self.investigation = InvestigationFactory(programme=self.programme, members__size=1)
        self.other_investigation = InvestigationFactory(programme=self.programme, members__size=1)
        self.submission = self.investigation.submission
        ProblemSubmissionFactory(programme=self.other_programme, submitted=True)

        self.users = {
            "anonymous": None,
            "agent": agent,
            "other_agent": other_agent,
            "referent": referent,
            "other_referent": other_referent,
            "intrapreneur": self.investigation.team.get(),
            "other_intrapreneur": self.other_investigation.team.get(),
            "coach": self.programme.coach,
            "designer": self.programme.designer,
            "other_coach": self.other_programme.coach,
            "admin": UserFactory(admin=True),
        }
        # Only its author edits a submission: the agent's own, in programme A.
        self.own_submission = ProblemSubmissionFactory(
            programme=self.programme, collectivity=self.collectivity, author=agent, submitted=True
        )

        self.attachment = _pdf_attachment(
            SubmissionAttachment, "preuves.pdf", submission=self.submission
        )
        self.own_attachment = _pdf_attachment(
            SubmissionAttachment, "devis.pdf", submission=self.own_submission
        )
        self.log = WeeklyLogFactory(investigation=self.investigation, week=1, submitted=True)
        self.log_attachment = _pdf_attachment(LogAttachment, "notes.pdf", log=self.log)
        self.session = self.log.session
        self.hypothesis = HypothesisFactory(investigation=self.investigation)
        self.milestone = self.investigation.milestones.order_by("pk").first()
        self.report = _pdf(
            Report(
                programme=self.programme,
                kind=Report.Kind.PROGRAMME,
                status=Report.Status.READY,
                pages=1,
            ),
            "rapport.pdf",
        )
        # Only a failed report may be retried: investigation A1's sheet.
        self.failed_sheet = Report.objects.create(
            programme=self.programme,
            investigation=self.investigation,
            kind=Report.Kind.SHEET,
            status=Report.Status.FAILED,
            error="WeasyPrint a échoué.",
        )
        self.invitation = InvitationFactory(collectivity=self.collectivity)
        # Investigation A1's fiche, published: its public page and the open data.
        self.fiche = FicheFactory(investigation=self.investigation, published=True)
        self.unsubscribe_url = unsubscribe_path(self.users["intrapreneur"])
        self.calendar_feed = CalendarFeed.regenerate(self.users["intrapreneur"])

    def kwargs_for(self, url_name: str) -> dict:
        slug = self.programme.slug
        investigation = self.investigation.pk
        kwargs = {
            "programmes:collectivity_detail": {"pk": self.collectivity.pk},
            "programmes:collectivity_update": {"pk": self.collectivity.pk},
            "programmes:invitation_create": {"pk": self.collectivity.pk},
            "programmes:invitation_accept": {"token": self.invitation.token},
            "programmes:invitation_cancel": {
                "pk": self.collectivity.pk,
                "invitation_pk": self.invitation.pk,
            },
            "programmes:programme_detail": {"slug": slug},
            "programmes:programme_update": {"slug": slug},
            "programmes:programme_dashboard": {"slug": slug},
            "programmes:programme_transition": {"slug": slug},
            "programmes:close_call_confirm": {"slug": slug},
            "programmes:call_content_update": {"slug": slug},
            "programmes:report_list": {"slug": slug},
            "programmes:report_request": {"slug": slug},
            "programmes:sheet_request": {"pk": investigation},
            "programmes:report_detail": {"pk": self.report.pk},
            "programmes:report_retry": {"pk": self.failed_sheet.pk},
            "programmes:report_download": {"pk": self.report.pk},
            "programmes:programme_export": {"slug": slug, "kind": "submissions"},
            "programmes:export": {"kind": "submissions"},
            "calendars:feed": {"token": self.calendar_feed.token},
            "calendars:programme_download": {"slug": slug},
            "intrapreneurs:call_detail": {"slug": slug},
            "intrapreneurs:submission_create": {"slug": slug},
            "intrapreneurs:candidacy_form": {"slug": slug},
            "intrapreneurs:submission_detail": {"pk": self.submission.pk},
            "intrapreneurs:submission_update": {"pk": self.own_submission.pk},
            "intrapreneurs:submission_withdraw": {"pk": self.own_submission.pk},
            "intrapreneurs:submission_delete": {"pk": self.own_submission.pk},
            "intrapreneurs:attachment_delete": {
                "pk": self.own_submission.pk,
                "attachment_pk": self.own_attachment.pk,
            },
            "intrapreneurs:attachment_download": {
                "pk": self.submission.pk,
                "attachment_pk": self.attachment.pk,
            },
            "intrapreneurs:selection_list": {"slug": slug},
            "intrapreneurs:selection_finalise": {"slug": slug},
            "intrapreneurs:selection_detail": {"slug": slug, "pk": self.submission.pk},
            "intrapreneurs:submission_status": {"slug": slug, "pk": self.submission.pk},
            "intrapreneurs:team_assign": {"slug": slug, "pk": self.submission.pk},
            "intrapreneurs:submission_themes": {"slug": slug, "pk": self.submission.pk},
            "investigations:investigation_detail": {"pk": investigation},
            "investigations:log_form": {"pk": investigation, "week": 1},
            "investigations:log_attachment_download": {
                "pk": investigation,
                "log_pk": self.log.pk,
                "attachment_pk": self.log_attachment.pk,
            },
            "investigations:comment_create": {"pk": investigation},
            "investigations:attendance_set": {"pk": investigation, "session_pk": self.session.pk},
            "investigations:log_reopen": {"pk": investigation, "log_pk": self.log.pk},
            "investigations:help_handled": {"pk": investigation, "log_pk": self.log.pk},
            "investigations:hypothesis_board": {"pk": investigation},
            "investigations:hypothesis_update": {
                "pk": investigation,
                "hypothesis_pk": self.hypothesis.pk,
            },
            "investigations:milestone_update": {
                "pk": investigation,
                "milestone_pk": self.milestone.pk,
            },
            "investigations:committee_review": {"pk": investigation},
            "investigations:conclusion": {"pk": investigation},
            "investigations:next_step": {"pk": investigation},
            "investigations:check_in": {"pk": investigation, "month": 3},
            "investigations:fiche_form": {"pk": investigation},
            "investigations:fiche_publication": {"pk": investigation},
            "investigations:fiche_betagouv": {"pk": investigation},
            "investigations:public_problem": {"slug": self.fiche.slug},
        }
        return kwargs.get(url_name, {})

    def url_for(self, url_name: str) -> str:
        if url_name == "notifications:unsubscribe":
            return self.unsubscribe_url
        return reverse(url_name, kwargs=self.kwargs_for(url_name))
