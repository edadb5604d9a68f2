"""The world the fuzz tests post into: two collectivités (tenants), each with a programme
at every stage and at least one row of every kind, and snapshots of the database that
tell which rows a request changed, whose they were, and whether any changed owner.

    world = FuzzWorld()
    world.a.referent, world.b.investigation, world.admin
    guard = TenantGuard(world.b)
    before = Snapshot()
    ...                                    # requests
    after = Snapshot()
    after.changes_from(before)             # {model: pks added, removed or changed}
    guard.touched(before, after)           # the same, restricted to B's rows
    after.frozen_changes_from(before)      # rows that changed owner or privileges
"""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone

from intrapreneurs.models import SubmissionAttachment
from investigations.models import (
    CommitteeReview,
    Conclusion,
    ConclusionFigure,
    LogFigure,
    Proposal,
)
from reports.models import Report
from tests.factories import UserFactory
from tests.intrapreneurs.factories import (
    CandidacyFactory,
    ProblemSubmissionFactory,
    SelectionReviewFactory,
)
from tests.investigations.factories import (
    CommentFactory,
    FicheFactory,
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import InvitationFactory, ProgrammeFactory
from tests.security.common import collectivity_with_members
from tests.security.world import _pdf_attachment

# The packages whose data the snapshots cover (allauth's e-mail addresses too: they decide
# who signs in as whom).
OWN_PACKAGES = {
    "incubateur",
    "programmes",
    "intrapreneurs",
    "investigations",
    "knowledge",
    "reports",
}
EXTRA_MODELS = {"account.EmailAddress"}


class Tenant:
    """One collectivité with its people and a programme at each stage:
    `draft`, `call` (open: a draft and a submitted problem, a candidacy), `selection`
    (submitted, selected, a volunteer, a review) and `ongoing` (in investigation: one
    investigation with a locked week-1 log asking for help, a draft log of the current
    week, a hypothesis, a comment, a conclusion, a committee grid and a fiche problème; a
    failed report)."""

    def __init__(self, label: str):
        self.collectivity, self.agent, self.referent = collectivity_with_members(
            domains=[f"{label}.example.fr"]
        )
        self.coach = UserFactory(anct=True)
        self.designer = UserFactory(anct=True)
        common = {
            "collectivities": [self.collectivity],
            "coach": self.coach,
            "designer": self.designer,
        }
        self.draft = ProgrammeFactory(draft=True, **common)
        self.call = ProgrammeFactory(call_open=True, **common)
        self.selection = ProgrammeFactory(selection=True, **common)
        self.ongoing = ProgrammeFactory(investigation=True, **common)

        self.draft_submission = ProblemSubmissionFactory(programme=self.call, author=self.agent)
        self.call_submission = ProblemSubmissionFactory(programme=self.call, submitted=True)
        # The agent's own submitted problem, which they may withdraw, with a file to delete.
        self.own_submitted = ProblemSubmissionFactory(
            programme=self.call, author=self.agent, submitted=True
        )
        self.own_attachment = _pdf_attachment(
            SubmissionAttachment, "devis.pdf", submission=self.own_submitted
        )
        self.candidacy = CandidacyFactory(
            programme=self.call, agent=self.agent, preferred_problems=[self.call_submission]
        )

        self.submitted = ProblemSubmissionFactory(programme=self.selection, submitted=True)
        self.selected = ProblemSubmissionFactory(programme=self.selection, selected=True)
        self.volunteer = CandidacyFactory(
            programme=self.selection, preferred_problems=[self.selected, self.submitted]
        )
        self.selected.intrapreneurs.add(self.volunteer)
        self.review = SelectionReviewFactory(submission=self.submitted, reviewer=self.referent)

        self.investigation = InvestigationFactory(programme=self.ongoing, members__size=1)
        self.intrapreneur = self.investigation.team.get()
        self.hypothesis = HypothesisFactory(investigation=self.investigation)
        self.log = WeeklyLogFactory(
            investigation=self.investigation,
            week=1,
            submitted=True,
            help_request="Nous aurions besoin d’un contact à la CAF.",
        )
        self.log.hypotheses_tested.add(self.hypothesis)
        LogFigure.objects.create(log=self.log, figure="120", source="Registre 2025")
        self.week = self.investigation.current_week(self.investigation.sessions.order_by("week"))
        self.current_log = WeeklyLogFactory(investigation=self.investigation, week=self.week)
        LogFigure.objects.create(log=self.current_log, figure="3", source="Entretiens")
        self.session = self.log.session
        self.milestone = self.investigation.milestones.order_by("pk").first()
        self.comment = CommentFactory(investigation=self.investigation, log=self.log)
        self.conclusion = Conclusion.objects.create(
            investigation=self.investigation,
            problem_confirmed=Conclusion.Confirmed.PARTLY,
            summary="Un rendez-vous sur quatre est manqué.",
            recommendation=Conclusion.Recommendation.INVESTIGATE_FURTHER,
        )
        self.conclusion.authors.add(self.intrapreneur)
        ConclusionFigure.objects.create(
            conclusion=self.conclusion, figure="25 %", source="Registre"
        )
        Proposal.objects.create(
            conclusion=self.conclusion, description="Des rappels par SMS.", kind="digital"
        )
        CommitteeReview.objects.create(
            investigation=self.investigation,
            problem_score=4,
            problem_comment="Réel.",
            decision="build",
            # Four months ago: the three-month check-in is open.
            decided_on=timezone.localdate() - datetime.timedelta(days=120),
        )
        self.check_in_month = 3
        # Its fiche problème, not yet published: the coach's publication form shows.
        self.fiche = FicheFactory(investigation=self.investigation)
        self.report = Report.objects.create(
            programme=self.ongoing,
            kind=Report.Kind.PROGRAMME,
            status=Report.Status.FAILED,
            requested_by=self.coach,
            error="Délai dépassé",
            finished_at=timezone.now() - datetime.timedelta(minutes=5),
        )
        self.invitation = InvitationFactory(collectivity=self.collectivity)

    @property
    def programmes(self) -> list:
        return [self.draft, self.call, self.selection, self.ongoing]

    def user_ids(self) -> list[int]:
        users = get_user_model().objects.filter(
            models.Q(memberships__collectivity=self.collectivity)
            | models.Q(coached_programmes__in=self.programmes)
            | models.Q(designed_programmes__in=self.programmes)
        )
        return sorted(set(users.values_list("pk", flat=True)))

    def ids(self) -> list[int]:
        """Every primary key of this tenant's rows: what a hostile user pastes into
        id-like fields."""
        found = set()
        for _model, rows in tenant_rows(self):
            found.update(rows.values_list("pk", flat=True))
        return sorted(found)


class FuzzWorld:
    """Tenant `a`, whose pages are fuzzed, tenant `b`, whose data must stay untouched,
    and an ANCT admin."""

    def __init__(self):
        self.a = Tenant("alpha")
        self.b = Tenant("beta")
        self.admin = UserFactory(admin=True)
        self.outsider = UserFactory()
        # Objects are fetched again by the views: keep the ids, not stale instances.
        self.b_ids = self.b.ids()


# How each model's rows reach their tenant: a lookup and what it is compared with (or a
# list of them, any of which attributes a row).
TENANT_PATHS = {
    "programmes.Collectivity": ("pk", "collectivity"),
    "programmes.Membership": ("collectivity", "collectivity"),
    "programmes.EmailDomain": ("collectivity", "collectivity"),
    "programmes.Invitation": ("collectivity", "collectivity"),
    "programmes.Programme": ("pk__in", "programmes"),
    "programmes.ProgrammeTransition": ("programme__in", "programmes"),
    "reports.Report": ("programme__in", "programmes"),
    "intrapreneurs.ProblemSubmission": ("programme__in", "programmes"),
    "intrapreneurs.SubmissionAttachment": ("submission__programme__in", "programmes"),
    "intrapreneurs.Candidacy": ("programme__in", "programmes"),
    "intrapreneurs.SelectionReview": ("submission__programme__in", "programmes"),
    "intrapreneurs.TeamAssignment": ("problemsubmission__programme__in", "programmes"),
    "investigations.Investigation": ("programme__in", "programmes"),
    "investigations.TeamMembership": ("investigation__programme__in", "programmes"),
    "investigations.WeeklySession": ("investigation__programme__in", "programmes"),
    "investigations.Attendance": ("session__investigation__programme__in", "programmes"),
    "investigations.Milestone": ("investigation__programme__in", "programmes"),
    "investigations.Comment": ("investigation__programme__in", "programmes"),
    "investigations.Hypothesis": ("investigation__programme__in", "programmes"),
    "investigations.HypothesisChange": (
        "hypothesis__investigation__programme__in",
        "programmes",
    ),
    "investigations.WeeklyLog": ("investigation__programme__in", "programmes"),
    "investigations.LogAttachment": ("log__investigation__programme__in", "programmes"),
    "investigations.LogFigure": ("log__investigation__programme__in", "programmes"),
    "investigations.CommitteeReview": ("investigation__programme__in", "programmes"),
    "investigations.Conclusion": ("investigation__programme__in", "programmes"),
    "investigations.NextStep": ("investigation__programme__in", "programmes"),
    "investigations.CheckInAnswer": ("investigation__programme__in", "programmes"),
    "investigations.PeopleMetPurge": ("programme__in", "programmes"),
    "investigations.ConclusionFigure": (
        "conclusion__investigation__programme__in",
        "programmes",
    ),
    "investigations.Proposal": ("conclusion__investigation__programme__in", "programmes"),
    "investigations.Fiche": ("investigation__programme__in", "programmes"),
    "investigations.FicheFigure": ("fiche__investigation__programme__in", "programmes"),
    "investigations.FicheRevision": ("fiche__investigation__programme__in", "programmes"),
    "knowledge.SearchDocument": ("programme__in", "programmes"),
    "accounts.User": ("pk__in", "users"),
    "notifications.EmailPreference": ("user__in", "users"),
    "calendars.CalendarFeed": ("user__in", "users"),
    "formtokens.UsedFormToken": ("user__in", "users"),
    "account.EmailAddress": ("user__in", "users"),
    "audit.AuditEvent": [("programme__in", "programmes"), ("collectivity", "collectivity")],
}

# Rows that belong to no tenant: a notification about a tenant's object may go to anyone
# involved in it. They still count in `Snapshot.changes_from`.
# Themes are the Incubateur's shared vocabulary, edited in the admin only.
NOT_TENANT_DATA = {"notifications.Notification", "intrapreneurs.Theme"}

# Who owns a row and who holds which powers: no form may change these on an existing row.
FROZEN_FOREIGN_KEYS = {
    "programme",
    "collectivity",
    "investigation",
    "submission",
    "session",
    "log",
    "conclusion",
    "fiche",
    "hypothesis",
    "author",
    "agent",
    "reviewer",
    "user",
    "created_by",
    "invited_by",
    "recipient",
}
FROZEN_USER_FIELDS = ["email", "is_staff", "is_superuser", "is_active", "password"]


def _ours(model) -> bool:
    return model._meta.app_config.name.split(".")[0] in OWN_PACKAGES


def fingerprinted_models() -> list[type[models.Model]]:
    """Our concrete models, allauth's e-mail addresses, and the automatic tables of
    their many-to-many fields."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if _ours(model)
        or model._meta.label in EXTRA_MODELS
        or (model._meta.auto_created and _ours(model._meta.auto_created))
    ]


def _through_path(through) -> list[tuple[str, str]] | None:
    """An automatic many-to-many table reaches its tenant through its source model
    (rather than through a user, who may belong to several tenants)."""
    foreign_keys = sorted(
        (field for field in through._meta.get_fields() if isinstance(field, models.ForeignKey)),
        key=lambda field: field.related_model is get_user_model(),
    )
    for field in foreign_keys:
        path = tenant_path(field.related_model)
        if path:
            return [
                (f"{field.name}__{lookup}".replace("__pk__in", "__in").replace("__pk", ""), key)
                for lookup, key in path
            ]
    return None


def tenant_path(model) -> list[tuple[str, str]] | None:
    if model._meta.auto_created:
        return _through_path(model)
    path = TENANT_PATHS.get(model._meta.label)
    return [path] if isinstance(path, tuple) else path


def models_without_tenant_path() -> list[str]:
    return [
        model._meta.label
        for model in fingerprinted_models()
        if model._meta.label not in NOT_TENANT_DATA and tenant_path(model) is None
    ]


def tenant_rows(tenant: Tenant):
    """(model, queryset of the tenant's rows) for every model with a tenant path."""
    keys = {
        "collectivity": tenant.collectivity.pk,
        "programmes": [programme.pk for programme in tenant.programmes],
        "users": tenant.user_ids(),
    }
    for model in fingerprinted_models():
        path = tenant_path(model)
        if path is None:
            continue
        condition = models.Q()
        for lookup, key in path:
            condition |= models.Q(**{lookup: keys[key]})
        yield model, model._default_manager.filter(condition).distinct()


def _columns(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def _frozen_indexes(model) -> list[int]:
    """Positions, in `_columns(model)`, of who owns a row and who holds which powers."""
    frozen = {
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey) and field.name in FROZEN_FOREIGN_KEYS
    }
    if model is get_user_model():
        frozen.update(FROZEN_USER_FIELDS)
    return [index for index, column in enumerate(_columns(model)) if column in frozen]


class WriteMark:
    """What this connection had written when it was made, to tell later which tables were
    written since: per table on PostgreSQL (its transaction's statistics, which count the
    rows of rolled-back savepoints too), in all on SQLite (`total_changes()`)."""

    def __init__(self):
        self.counts = self._counts()

    @staticmethod
    def _counts() -> dict[str, int]:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del "
                    "FROM pg_stat_xact_user_tables"
                )
                return dict(cursor.fetchall())
            cursor.execute("SELECT total_changes()")
            return {"*": cursor.fetchone()[0]}

    def tables_written_since(self) -> set[str] | None:
        """The tables written since the mark; None when some were, without knowing which."""
        now = self._counts()
        written = {table for table, count in now.items() if count != self.counts.get(table, 0)}
        return None if "*" in written else written


class Snapshot:
    """Every row of every fingerprinted table: {model label: {pk: column values}}.

    `Snapshot(since=(before, mark))`, where the database was in `before`'s state when
    `mark` was made, reads again only the tables written since the mark: the fuzz tests
    take two snapshots per example, and most examples write nothing."""

    def __init__(self, since: tuple["Snapshot", WriteMark] | None = None):
        self.rows = {}
        written = since[1].tables_written_since() if since else None
        for model in fingerprinted_models():
            if written is not None and model._meta.db_table not in written:
                self.rows[model._meta.label] = since[0].rows[model._meta.label]
                continue
            columns = _columns(model)
            pk_index = columns.index(model._meta.pk.attname)
            self.rows[model._meta.label] = {
                row[pk_index]: row for row in model._default_manager.values_list(*columns)
            }

    def changes_from(self, before: "Snapshot") -> dict[str, list]:
        """{model: pks added, removed or changed} since `before`."""
        changes = {}
        for label, rows in self.rows.items():
            old = before.rows[label]
            changed = [pk for pk in rows.keys() | old.keys() if rows.get(pk) != old.get(pk)]
            if changed:
                changes[label] = changed
        return changes

    def frozen_changes_from(self, before: "Snapshot") -> list:
        """Rows present before and now whose owner or privilege columns changed."""
        found = []
        for model in fingerprinted_models():
            indexes = _frozen_indexes(model)
            if not indexes:
                continue
            label = model._meta.label
            old, new = before.rows[label], self.rows[label]
            for pk in old.keys() & new.keys():
                if any(old[pk][i] != new[pk][i] for i in indexes):
                    found.append((label, pk, old[pk], new[pk]))
        return found


class TenantGuard:
    """Tells which of a snapshot's changes touch one tenant's rows: those it had, and
    new rows that its tenant path attributes to it."""

    def __init__(self, tenant: Tenant):
        self.tenant = tenant
        self.querysets = {model._meta.label: rows for model, rows in tenant_rows(tenant)}
        self.pks = {
            label: set(rows.values_list("pk", flat=True)) for label, rows in self.querysets.items()
        }

    def touched(self, before: Snapshot, after: Snapshot) -> dict[str, list]:
        touched = {}
        for label, pks in after.changes_from(before).items():
            if label not in self.querysets:
                continue
            known = [pk for pk in pks if pk in self.pks[label]]
            new = [pk for pk in pks if pk not in before.rows[label]]
            if new:
                known += list(self.querysets[label].filter(pk__in=new).values_list("pk", flat=True))
            if known:
                touched[label] = known
        return touched
