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
PUBLIC = everyone("ok")
SIGNED_IN = signed_in("ok")
ADMIN_ONLY = signed_in("403", admin="ok")
# The selection committee and the readers of the programme's reports.
COMMITTEE = signed_in("404", referent="ok", coach="ok", designer="ok", admin="ok")
INVESTIGATION_READERS = {**COMMITTEE, "intrapreneur": "ok"}
# Members of programme A's collectivités, while its call is the one they may join.
CALL_MEMBERS = signed_in(
    "404", agent="ok", referent="ok", intrapreneur="ok", other_intrapreneur="ok"
)
POST_ONLY = signed_in("405")
# These POST-only views answer 405 before they check the login.
POST_ONLY_BEFORE_LOGIN = everyone("405")

POLICY: dict[str, dict[str, str]] = {
    "accessibility": PUBLIC,
    "healthz": PUBLIC,
    "home": signed_in("ok", coach="redirect", designer="redirect", other_coach="redirect"),
    "intrapreneurs:attachment_download": COMMITTEE,
    "intrapreneurs:call_detail": CALL_MEMBERS,
    "intrapreneurs:candidacy_form": CALL_MEMBERS,
    "intrapreneurs:selection_detail": COMMITTEE,
    "intrapreneurs:selection_finalise": COMMITTEE,
    "intrapreneurs:selection_list": COMMITTEE,
    "intrapreneurs:submission_create": CALL_MEMBERS,
    "intrapreneurs:submission_detail": COMMITTEE,
    "intrapreneurs:submission_status": POST_ONLY,
    "intrapreneurs:submission_update": signed_in("404"),
    "intrapreneurs:team_assign": POST_ONLY,
    "investigations:attendance_set": POST_ONLY,
    "investigations:comment_create": POST_ONLY,
    "investigations:committee_review": INVESTIGATION_READERS,
    "investigations:conclusion": INVESTIGATION_READERS,
    "investigations:dashboard": signed_in(
        "404", coach="ok", designer="ok", other_coach="ok", admin="ok"
    ),
    "investigations:help_handled": POST_ONLY,
    "investigations:hypothesis_board": INVESTIGATION_READERS,
    "investigations:hypothesis_update": INVESTIGATION_READERS,
    "investigations:investigation_detail": INVESTIGATION_READERS,
    "investigations:log_attachment_download": INVESTIGATION_READERS,
    "investigations:log_form": INVESTIGATION_READERS,
    "investigations:log_reopen": POST_ONLY,
    "investigations:milestone_update": INVESTIGATION_READERS,
    "landing": {**everyone("redirect"), "anonymous": "ok"},
    "legal_notice": PUBLIC,
    "notifications:preferences": SIGNED_IN,
    "notifications:unsubscribe": PUBLIC,
    "privacy": PUBLIC,
    "programmes:collectivity_create": ADMIN_ONLY,
    "programmes:collectivity_detail": signed_in("404", referent="ok", admin="ok"),
    "programmes:collectivity_list": signed_in(
        "403", referent="ok", other_referent="ok", admin="ok"
    ),
    "programmes:collectivity_update": signed_in("404", referent="403", admin="ok"),
    "programmes:export": ADMIN_ONLY,
    "programmes:invitation_accept": PUBLIC,
    "programmes:invitation_create": POST_ONLY_BEFORE_LOGIN,
    "programmes:national_dashboard": ADMIN_ONLY,
    "programmes:programme_create": ADMIN_ONLY,
    "programmes:programme_dashboard": COMMITTEE,
    "programmes:programme_detail": signed_in(
        "ok", other_agent="404", other_referent="404", other_coach="404"
    ),
    "programmes:programme_export": COMMITTEE,
    "programmes:programme_list": SIGNED_IN,
    "programmes:programme_transition": POST_ONLY_BEFORE_LOGIN,
    "programmes:programme_update": signed_in(
        "403", other_agent="404", other_referent="404", other_coach="404", admin="ok"
    ),
    "programmes:report_detail": COMMITTEE,
    "programmes:report_download": COMMITTEE,
    "programmes:report_list": COMMITTEE,
    "programmes:report_request": POST_ONLY_BEFORE_LOGIN,
    "programmes:report_retry": POST_ONLY_BEFORE_LOGIN,
    "programmes:sheet_request": POST_ONLY_BEFORE_LOGIN,
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
