"""One access policy, checked on every URL of the project (issue 8, point 1).

The URL names come from the URL resolver, so a new URL without an entry in POLICY fails
`test_every_url_has_a_policy`. Each URL is then requested (GET) by each role against one
world of two collectivités, and the answer is compared with POLICY.

Outcomes: "ok" (200), "login" (302 to the login page), "redirect" (any other 3xx), or
the status code as a string ("400", "403", "404", "405").
"""

from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from incubateur.notifications.message import unsubscribe_path
from intrapreneurs.models import SubmissionAttachment
from investigations.models import LogAttachment
from programmes.models import Report
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.investigations.factories import (
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import (
    CollectivityFactory,
    InvitationFactory,
    MembershipFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.usefixtures("media_root")

# Whole includes left out of the walk, each with its own tests:
# - the Django admin: limited to admins by Django itself (is_staff) and by
#   admin.site.login = login_required(...) (tests/test_admin*.py);
# - allauth's account and social-account URLs (login, signup, password reset, e-mail
#   confirmation, ProConnect's login and callback), public by design and tested in
#   tests/accounts/.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_URLCONFS = {"allauth.urls"}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", None)
            if entry.namespace in EXCLUDED_NAMESPACES or module in EXCLUDED_URLCONFS:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else repr(entry)


def project_url_names() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


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


def _row(**outcomes):
    assert set(outcomes) == set(ROLES), set(ROLES) ^ set(outcomes)
    return outcomes


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome, **exceptions):
    return _row(**{**dict.fromkeys(ROLES, outcome), "anonymous": "login", **exceptions})


# Observed behaviour, reviewed against DESIGN.md's roles: every other-tenant role
# (other_agent, other_referent, other_coach, other_intrapreneur) gets 404 on A's objects.
# "405" rows are POST-only views; their POST access is covered by their own tests.
POLICY: dict[str, dict[str, str]] = {
    "accessibility": {
        "anonymous": "ok",
        "agent": "ok",
        "other_agent": "ok",
        "referent": "ok",
        "other_referent": "ok",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "ok",
        "admin": "ok",
    },
    "healthz": {
        "anonymous": "ok",
        "agent": "ok",
        "other_agent": "ok",
        "referent": "ok",
        "other_referent": "ok",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "ok",
        "admin": "ok",
    },
    "home": {
        "anonymous": "login",
        "agent": "ok",
        "other_agent": "ok",
        "referent": "ok",
        "other_referent": "ok",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "redirect",
        "designer": "redirect",
        "other_coach": "redirect",
        "admin": "ok",
    },
    "intrapreneurs:attachment_download": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "intrapreneurs:call_detail": {
        "anonymous": "login",
        "agent": "ok",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "404",
        "designer": "404",
        "other_coach": "404",
        "admin": "404",
    },
    "intrapreneurs:candidacy_form": {
        "anonymous": "login",
        "agent": "ok",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "404",
        "designer": "404",
        "other_coach": "404",
        "admin": "404",
    },
    "intrapreneurs:selection_detail": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "intrapreneurs:selection_finalise": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "intrapreneurs:selection_list": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "intrapreneurs:submission_create": {
        "anonymous": "login",
        "agent": "ok",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "404",
        "designer": "404",
        "other_coach": "404",
        "admin": "404",
    },
    "intrapreneurs:submission_detail": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "intrapreneurs:submission_status": {
        "anonymous": "login",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
    "intrapreneurs:submission_update": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "404",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "404",
        "designer": "404",
        "other_coach": "404",
        "admin": "404",
    },
    "intrapreneurs:team_assign": {
        "anonymous": "login",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
    "investigations:attendance_set": {
        "anonymous": "login",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
    "investigations:comment_create": {
        "anonymous": "login",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
    "investigations:committee_review": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "investigations:conclusion": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "investigations:dashboard": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "404",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "ok",
        "admin": "ok",
    },
    "investigations:help_handled": {
        "anonymous": "login",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
    "investigations:hypothesis_board": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "investigations:hypothesis_update": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "investigations:investigation_detail": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "investigations:log_attachment_download": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "investigations:log_form": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "investigations:log_reopen": {
        "anonymous": "login",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
    "investigations:milestone_update": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "landing": {
        "anonymous": "ok",
        "agent": "redirect",
        "other_agent": "redirect",
        "referent": "redirect",
        "other_referent": "redirect",
        "intrapreneur": "redirect",
        "other_intrapreneur": "redirect",
        "coach": "redirect",
        "designer": "redirect",
        "other_coach": "redirect",
        "admin": "redirect",
    },
    "legal_notice": {
        "anonymous": "ok",
        "agent": "ok",
        "other_agent": "ok",
        "referent": "ok",
        "other_referent": "ok",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "ok",
        "admin": "ok",
    },
    "notifications:preferences": {
        "anonymous": "login",
        "agent": "ok",
        "other_agent": "ok",
        "referent": "ok",
        "other_referent": "ok",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "ok",
        "admin": "ok",
    },
    "notifications:unsubscribe": {
        "anonymous": "ok",
        "agent": "ok",
        "other_agent": "ok",
        "referent": "ok",
        "other_referent": "ok",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "ok",
        "admin": "ok",
    },
    "privacy": {
        "anonymous": "ok",
        "agent": "ok",
        "other_agent": "ok",
        "referent": "ok",
        "other_referent": "ok",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "ok",
        "admin": "ok",
    },
    "programmes:collectivity_create": {
        "anonymous": "login",
        "agent": "403",
        "other_agent": "403",
        "referent": "403",
        "other_referent": "403",
        "intrapreneur": "403",
        "other_intrapreneur": "403",
        "coach": "403",
        "designer": "403",
        "other_coach": "403",
        "admin": "ok",
    },
    "programmes:collectivity_detail": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "404",
        "designer": "404",
        "other_coach": "404",
        "admin": "ok",
    },
    "programmes:collectivity_list": {
        "anonymous": "login",
        "agent": "403",
        "other_agent": "403",
        "referent": "ok",
        "other_referent": "ok",
        "intrapreneur": "403",
        "other_intrapreneur": "403",
        "coach": "403",
        "designer": "403",
        "other_coach": "403",
        "admin": "ok",
    },
    "programmes:collectivity_update": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "403",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "404",
        "designer": "404",
        "other_coach": "404",
        "admin": "ok",
    },
    "programmes:export": {
        "anonymous": "login",
        "agent": "403",
        "other_agent": "403",
        "referent": "403",
        "other_referent": "403",
        "intrapreneur": "403",
        "other_intrapreneur": "403",
        "coach": "403",
        "designer": "403",
        "other_coach": "403",
        "admin": "ok",
    },
    "programmes:invitation_accept": {
        "anonymous": "ok",
        "agent": "ok",
        "other_agent": "ok",
        "referent": "ok",
        "other_referent": "ok",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "ok",
        "admin": "ok",
    },
    "programmes:invitation_create": {
        "anonymous": "405",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
    "programmes:national_dashboard": {
        "anonymous": "login",
        "agent": "403",
        "other_agent": "403",
        "referent": "403",
        "other_referent": "403",
        "intrapreneur": "403",
        "other_intrapreneur": "403",
        "coach": "403",
        "designer": "403",
        "other_coach": "403",
        "admin": "ok",
    },
    "programmes:programme_create": {
        "anonymous": "login",
        "agent": "403",
        "other_agent": "403",
        "referent": "403",
        "other_referent": "403",
        "intrapreneur": "403",
        "other_intrapreneur": "403",
        "coach": "403",
        "designer": "403",
        "other_coach": "403",
        "admin": "ok",
    },
    "programmes:programme_dashboard": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "programmes:programme_detail": {
        "anonymous": "login",
        "agent": "ok",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "programmes:programme_export": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "programmes:programme_list": {
        "anonymous": "login",
        "agent": "ok",
        "other_agent": "ok",
        "referent": "ok",
        "other_referent": "ok",
        "intrapreneur": "ok",
        "other_intrapreneur": "ok",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "ok",
        "admin": "ok",
    },
    "programmes:programme_transition": {
        "anonymous": "405",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
    "programmes:programme_update": {
        "anonymous": "login",
        "agent": "403",
        "other_agent": "404",
        "referent": "403",
        "other_referent": "404",
        "intrapreneur": "403",
        "other_intrapreneur": "403",
        "coach": "403",
        "designer": "403",
        "other_coach": "404",
        "admin": "ok",
    },
    "programmes:report_detail": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "programmes:report_download": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "programmes:report_list": {
        "anonymous": "login",
        "agent": "404",
        "other_agent": "404",
        "referent": "ok",
        "other_referent": "404",
        "intrapreneur": "404",
        "other_intrapreneur": "404",
        "coach": "ok",
        "designer": "ok",
        "other_coach": "404",
        "admin": "ok",
    },
    "programmes:report_request": {
        "anonymous": "405",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
    "programmes:report_retry": {
        "anonymous": "405",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
    "programmes:sheet_request": {
        "anonymous": "405",
        "agent": "405",
        "other_agent": "405",
        "referent": "405",
        "other_referent": "405",
        "intrapreneur": "405",
        "other_intrapreneur": "405",
        "coach": "405",
        "designer": "405",
        "other_coach": "405",
        "admin": "405",
    },
}


class World:
    """Collectivité A runs programme A, in investigation, with two investigations;
    collectivité B runs programme B, whose call is open. Every URL targets A's objects."""

    def __init__(self):
        self.collectivity = CollectivityFactory()
        self.other_collectivity = CollectivityFactory()
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
            "agent": MembershipFactory(agent=True, collectivity=self.collectivity).user,
            "other_agent": MembershipFactory(agent=True, collectivity=self.other_collectivity).user,
            "referent": MembershipFactory(referent=True, collectivity=self.collectivity).user,
            "other_referent": MembershipFactory(
                referent=True, collectivity=self.other_collectivity
            ).user,
            "intrapreneur": self.investigation.team.get(),
            "other_intrapreneur": self.other_investigation.team.get(),
            "coach": self.programme.coach,
            "designer": self.programme.designer,
            "other_coach": self.other_programme.coach,
            "admin": UserFactory(admin=True),
        }

        self.attachment = SubmissionAttachment(
            submission=self.submission,
            original_name="preuves.pdf",
            content_type="application/pdf",
            extension=".pdf",
            size=4,
        )
        self.attachment.file.save("preuves.pdf", ContentFile(b"%PDF"), save=True)
        self.log = WeeklyLogFactory(investigation=self.investigation, week=1, submitted=True)
        self.log_attachment = LogAttachment(
            log=self.log,
            original_name="notes.pdf",
            content_type="application/pdf",
            extension=".pdf",
            size=4,
        )
        self.log_attachment.file.save("notes.pdf", ContentFile(b"%PDF"), save=True)
        self.session = self.log.session
        self.hypothesis = HypothesisFactory(investigation=self.investigation)
        self.milestone = self.investigation.milestones.order_by("pk").first()
        self.report = Report(
            programme=self.programme,
            kind=Report.Kind.PROGRAMME,
            status=Report.Status.READY,
            pages=1,
        )
        self.report.file.save("rapport.pdf", ContentFile(b"%PDF"), save=True)
        self.invitation = InvitationFactory(collectivity=self.collectivity)
        self.unsubscribe_url = unsubscribe_path(self.users["intrapreneur"])

    def kwargs_for(self, url_name: str) -> dict:
        slug = self.programme.slug
        investigation = self.investigation.pk
        kwargs = {
            "programmes:collectivity_detail": {"pk": self.collectivity.pk},
            "programmes:collectivity_update": {"pk": self.collectivity.pk},
            "programmes:invitation_create": {"pk": self.collectivity.pk},
            "programmes:invitation_accept": {"token": self.invitation.token},
            "programmes:programme_detail": {"slug": slug},
            "programmes:programme_update": {"slug": slug},
            "programmes:programme_dashboard": {"slug": slug},
            "programmes:programme_transition": {"slug": slug},
            "programmes:report_list": {"slug": slug},
            "programmes:report_request": {"slug": slug},
            "programmes:sheet_request": {"pk": investigation},
            "programmes:report_detail": {"pk": self.report.pk},
            "programmes:report_retry": {"pk": self.report.pk},
            "programmes:report_download": {"pk": self.report.pk},
            "programmes:programme_export": {"slug": slug, "kind": "submissions"},
            "programmes:export": {"kind": "submissions"},
            "intrapreneurs:call_detail": {"slug": slug},
            "intrapreneurs:submission_create": {"slug": slug},
            "intrapreneurs:candidacy_form": {"slug": slug},
            "intrapreneurs:submission_detail": {"pk": self.submission.pk},
            "intrapreneurs:submission_update": {"pk": self.submission.pk},
            "intrapreneurs:attachment_download": {
                "pk": self.submission.pk,
                "attachment_pk": self.attachment.pk,
            },
            "intrapreneurs:selection_list": {"slug": slug},
            "intrapreneurs:selection_finalise": {"slug": slug},
            "intrapreneurs:selection_detail": {"slug": slug, "pk": self.submission.pk},
            "intrapreneurs:submission_status": {"slug": slug, "pk": self.submission.pk},
            "intrapreneurs:team_assign": {"slug": slug, "pk": self.submission.pk},
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
        }
        return kwargs.get(url_name, {})

    def url_for(self, url_name: str) -> str:
        if url_name == "notifications:unsubscribe":
            return self.unsubscribe_url
        return reverse(url_name, kwargs=self.kwargs_for(url_name))


def outcome_of(response) -> str:
    if response.status_code == 200:
        return "ok"
    if 300 <= response.status_code < 400:
        login = resolve_url("account_login")
        return "login" if urlsplit(response["Location"]).path == login else "redirect"
    return str(response.status_code)


def test_every_url_has_a_policy():
    names = project_url_names()
    missing = [name for name in names if name not in POLICY]
    stale = [name for name in POLICY if name not in names]
    assert not missing, f"URLs without an access policy: {missing}"
    assert not stale, f"Policy entries for URLs that no longer exist: {stale}"


@pytest.mark.parametrize("url_name", project_url_names())
def test_access_policy(client, url_name):
    world = World()
    url = world.url_for(url_name)
    actual = {}
    for role in ROLES:
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        response = client.get(url)
        actual[role] = outcome_of(response)
        for closer in response._resource_closers:  # downloads keep their file open
            closer()
    assert actual == POLICY.get(url_name), url_name
