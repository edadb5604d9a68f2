"""Who gets what on every URL of the project: one GET and one POST profile per URL name.

Outcomes, per role (the roles are World's, tests/security/world.py):
- "ok": GET: 200, the page or the file. POST: the request reached the action: 200 (the
  form shown again, with its errors or a refusal explained) or a redirect that is not to
  the login page (done, or back to the page with a message);
- "redirect": GET only, a redirect elsewhere than to the login page (home pages);
- "login": a redirect to the login page (anonymous visitors, whatever the method);
- "403": signed in, sees the object (or the URL names none), may not do this;
- "404": another tenant, or someone who may not know the object exists;
- "405": the method is not allowed (after the login check);
- "400", "410": as the view answers (bad token, used invitation…).

A request whose outcome is neither "ok" nor "redirect" writes nothing to the database;
an allowed GET writes nothing but the audit trail's record of a download. The same
policy holds for htmx requests (HX-Request header) to the views that answer them with a
fragment.

Observed behaviour, reviewed against DESIGN.md's roles: every other-tenant role
(other_agent, other_referent, other_coach, other_intrapreneur) gets 404 on A's objects."""

from tests.security.world import ROLES

OUTCOMES = {"ok", "redirect", "login", "400", "403", "404", "405", "410"}


def _row(**outcomes) -> dict[str, str]:
    assert set(outcomes) == set(ROLES), set(ROLES) ^ set(outcomes)
    return outcomes


def everyone(outcome: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome: str, **exceptions: str) -> dict[str, str]:
    return _row(**{**dict.fromkeys(ROLES, outcome), "anonymous": "login", **exceptions})


PUBLIC = everyone("ok")
SIGNED_IN = signed_in("ok")
ADMIN_ONLY = signed_in("403", admin="ok")
# A GET-only public page, a GET-only page behind the login, a POST-only action.
NOT_ALLOWED = everyone("405")
SIGNED_IN_NOT_ALLOWED = signed_in("405")

# Admins and the referents of collectivité A: its members and invitations.
COLLECTIVITY_MANAGERS = signed_in("404", referent="ok", admin="ok")
# Programme A's selection committee, who also read its dashboard, reports and exports.
COMMITTEE = signed_in("404", referent="ok", coach="ok", designer="ok", admin="ok")
# Whoever sees investigation A1: the committee and A1's team (not A2's).
INVESTIGATION_READERS = {**COMMITTEE, "intrapreneur": "ok"}
# Its team writes (log, hypotheses, conclusion); its other readers get a 403.
TEAM_WRITES = signed_in(
    "404", intrapreneur="ok", referent="403", coach="403", designer="403", admin="403"
)
# Its ANCT team (coach, designer, admins) follows it: attendance, milestones, committee
# grid, reopened logs, help requests; its other readers get a 403.
ANCT_WRITES = signed_in(
    "404", coach="ok", designer="ok", admin="ok", referent="403", intrapreneur="403"
)
# Comments: the ANCT team and the investigation's team.
ANCT_AND_TEAM_WRITE = {**ANCT_WRITES, "intrapreneur": "ok"}
# Members of programme A's collectivités, while its call is the one they may join.
CALL_MEMBERS = signed_in(
    "404", agent="ok", referent="ok", intrapreneur="ok", other_intrapreneur="ok"
)
# Programme A's page: its members and ANCT team; writing it is for admins.
PROGRAMME_MEMBERS = signed_in("ok", other_agent="404", other_referent="404", other_coach="404")
PROGRAMME_ADMIN = signed_in(
    "403", other_agent="404", other_referent="404", other_coach="404", admin="ok"
)
# Opening and closing the call: admins and the referents of its collectivités.
CALL_MANAGERS = {**PROGRAMME_ADMIN, "referent": "ok"}

# name: (GET, POST)
POLICY: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "accessibility": (PUBLIC, NOT_ALLOWED),
    "healthz": (PUBLIC, NOT_ALLOWED),
    "home": (
        signed_in("ok", coach="redirect", designer="redirect", other_coach="redirect"),
        SIGNED_IN_NOT_ALLOWED,
    ),
    "landing": ({**everyone("redirect"), "anonymous": "ok"}, NOT_ALLOWED),
    "legal_notice": (PUBLIC, NOT_ALLOWED),
    "privacy": (PUBLIC, NOT_ALLOWED),
    # RFC 9116: where to report a vulnerability.
    "security_txt": (PUBLIC, NOT_ALLOWED),
    # The secret token is the credential (calendar apps cannot sign in).
    "calendars:feed": (PUBLIC, NOT_ALLOWED),
    "calendars:programme_download": (PROGRAMME_MEMBERS, SIGNED_IN_NOT_ALLOWED),
    "calendars:subscription": (SIGNED_IN, SIGNED_IN),
    "intrapreneurs:attachment_download": (COMMITTEE, SIGNED_IN_NOT_ALLOWED),
    "intrapreneurs:call_detail": (CALL_MEMBERS, SIGNED_IN_NOT_ALLOWED),
    "intrapreneurs:candidacy_form": (CALL_MEMBERS, CALL_MEMBERS),
    "intrapreneurs:selection_detail": (COMMITTEE, COMMITTEE),
    "intrapreneurs:selection_finalise": (COMMITTEE, COMMITTEE),
    "intrapreneurs:selection_list": (COMMITTEE, SIGNED_IN_NOT_ALLOWED),
    "intrapreneurs:submission_create": (CALL_MEMBERS, CALL_MEMBERS),
    "intrapreneurs:submission_detail": (COMMITTEE, SIGNED_IN_NOT_ALLOWED),
    "intrapreneurs:submission_status": (SIGNED_IN_NOT_ALLOWED, COMMITTEE),
    # Only its author: the agent.
    "intrapreneurs:submission_update": (signed_in("404", agent="ok"),) * 2,
    # Its author only; programme A's call is closed: refused, with a message.
    "intrapreneurs:submission_withdraw": (SIGNED_IN_NOT_ALLOWED, signed_in("404", agent="ok")),
    "intrapreneurs:submission_delete": (SIGNED_IN_NOT_ALLOWED, signed_in("404", agent="ok")),
    "intrapreneurs:attachment_delete": (SIGNED_IN_NOT_ALLOWED, signed_in("404", agent="ok")),
    "intrapreneurs:team_assign": (SIGNED_IN_NOT_ALLOWED, COMMITTEE),
    "intrapreneurs:submission_themes": (SIGNED_IN_NOT_ALLOWED, COMMITTEE),
    "investigations:attendance_set": (SIGNED_IN_NOT_ALLOWED, ANCT_WRITES),
    # Check-ins after the committee: the team and the collectivité's referents answer.
    "investigations:check_in": (
        INVESTIGATION_READERS,
        signed_in(
            "404", intrapreneur="ok", referent="ok", coach="403", designer="403", admin="403"
        ),
    ),
    "investigations:comment_create": (SIGNED_IN_NOT_ALLOWED, ANCT_AND_TEAM_WRITE),
    "investigations:committee_review": (INVESTIGATION_READERS, ANCT_WRITES),
    "investigations:conclusion": (INVESTIGATION_READERS, TEAM_WRITES),
    "investigations:dashboard": (
        signed_in("404", coach="ok", designer="ok", other_coach="ok", admin="ok"),
        SIGNED_IN_NOT_ALLOWED,
    ),
    # The fiche problème: its team writes it; the coach and admins publish it; admins
    # download it for beta.gouv.fr.
    "investigations:fiche_form": (INVESTIGATION_READERS, TEAM_WRITES),
    "investigations:fiche_publication": (
        SIGNED_IN_NOT_ALLOWED,
        signed_in(
            "404", coach="ok", admin="ok", referent="403", designer="403", intrapreneur="403"
        ),
    ),
    "investigations:fiche_betagouv": (
        signed_in(
            "404", admin="ok", referent="403", coach="403", designer="403", intrapreneur="403"
        ),
        SIGNED_IN_NOT_ALLOWED,
    ),
    # Published fiches and the open data: anyone, without an account.
    "investigations:public_problem_list": (PUBLIC, NOT_ALLOWED),
    "investigations:public_problem": (PUBLIC, NOT_ALLOWED),
    "investigations:api_problems": (PUBLIC, NOT_ALLOWED),
    "investigations:api_schema": (PUBLIC, NOT_ALLOWED),
    "investigations:api_docs": (PUBLIC, NOT_ALLOWED),
    "investigations:help_handled": (SIGNED_IN_NOT_ALLOWED, ANCT_WRITES),
    # The knowledge base: anyone searches the published problems (their pages are
    # public), each finding beyond them only what they already see; the « déjà investigué
    # ailleurs » panel (published problems only) is for the people who write problems.
    "knowledge:search": (PUBLIC, NOT_ALLOWED),
    "knowledge:similar_problems": (SIGNED_IN, SIGNED_IN),
    "investigations:hypothesis_board": (INVESTIGATION_READERS, TEAM_WRITES),
    "investigations:hypothesis_update": (INVESTIGATION_READERS, TEAM_WRITES),
    "investigations:investigation_detail": (INVESTIGATION_READERS, SIGNED_IN_NOT_ALLOWED),
    "investigations:log_attachment_download": (INVESTIGATION_READERS, SIGNED_IN_NOT_ALLOWED),
    "investigations:log_form": (INVESTIGATION_READERS, TEAM_WRITES),
    "investigations:log_reopen": (SIGNED_IN_NOT_ALLOWED, ANCT_WRITES),
    "investigations:milestone_update": (INVESTIGATION_READERS, ANCT_WRITES),
    # After the committee: its team and its ANCT team write the next step.
    "investigations:next_step": (INVESTIGATION_READERS, ANCT_AND_TEAM_WRITE),
    "notifications:preferences": (SIGNED_IN, SIGNED_IN),
    "accounts:profile": (SIGNED_IN, SIGNED_IN),
    # The signed token is the credential (RFC 8058 one-click unsubscribe).
    "notifications:unsubscribe": (PUBLIC, PUBLIC),
    # Each user's own data (RGPD): nobody else's is reachable from these URLs.
    "privacy:delete_account": (SIGNED_IN, SIGNED_IN),
    "privacy:download": (SIGNED_IN, SIGNED_IN_NOT_ALLOWED),
    "privacy:my_data": (SIGNED_IN, SIGNED_IN_NOT_ALLOWED),
    "programmes:call_content_update": (CALL_MANAGERS, CALL_MANAGERS),
    # Programme A is in investigation: its call managers are sent back to the programme.
    "programmes:close_call_confirm": (
        {**CALL_MANAGERS, "referent": "redirect", "admin": "redirect"},
        SIGNED_IN_NOT_ALLOWED,
    ),
    "programmes:collectivity_create": (ADMIN_ONLY, ADMIN_ONLY),
    "programmes:collectivity_detail": (COLLECTIVITY_MANAGERS, SIGNED_IN_NOT_ALLOWED),
    "programmes:collectivity_list": (
        signed_in("403", referent="ok", other_referent="ok", admin="ok"),
        SIGNED_IN_NOT_ALLOWED,
    ),
    "programmes:collectivity_update": (signed_in("404", referent="403", admin="ok"),) * 2,
    "programmes:export": (ADMIN_ONLY, SIGNED_IN_NOT_ALLOWED),
    # The token is the credential: anyone holding the link reads it; accepting it takes
    # an account.
    "programmes:invitation_accept": (PUBLIC, SIGNED_IN),
    "programmes:invitation_create": (SIGNED_IN_NOT_ALLOWED, COLLECTIVITY_MANAGERS),
    "programmes:invitation_cancel": (SIGNED_IN_NOT_ALLOWED, COLLECTIVITY_MANAGERS),
    "programmes:national_dashboard": (ADMIN_ONLY, SIGNED_IN_NOT_ALLOWED),
    "programmes:programme_create": (ADMIN_ONLY, ADMIN_ONLY),
    "programmes:programme_dashboard": (COMMITTEE, SIGNED_IN_NOT_ALLOWED),
    "programmes:programme_detail": (PROGRAMME_MEMBERS, SIGNED_IN_NOT_ALLOWED),
    "programmes:programme_export": (COMMITTEE, SIGNED_IN_NOT_ALLOWED),
    "programmes:programme_list": (SIGNED_IN, SIGNED_IN_NOT_ALLOWED),
    # POSTed with action=open_call (POST_DATA).
    "programmes:programme_transition": (SIGNED_IN_NOT_ALLOWED, CALL_MANAGERS),
    "programmes:programme_update": (PROGRAMME_ADMIN, PROGRAMME_ADMIN),
    "programmes:report_detail": (COMMITTEE, SIGNED_IN_NOT_ALLOWED),
    "programmes:report_download": (COMMITTEE, SIGNED_IN_NOT_ALLOWED),
    "programmes:report_list": (COMMITTEE, SIGNED_IN_NOT_ALLOWED),
    "programmes:report_request": (SIGNED_IN_NOT_ALLOWED, COMMITTEE),
    # Investigation A1's failed sheet: its readers, A1's team included.
    "programmes:report_retry": (SIGNED_IN_NOT_ALLOWED, INVESTIGATION_READERS),
    "programmes:sheet_request": (SIGNED_IN_NOT_ALLOWED, INVESTIGATION_READERS),
}

# The POST body, where an empty one would stop before the permission check.
POST_DATA: dict[str, dict[str, str]] = {
    # Allowed to referents and admins; refused (programme A is in investigation) after
    # the permission check.
    "programmes:programme_transition": {"action": "open_call"},
}
