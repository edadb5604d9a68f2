"""The tenant querysets (`visible_to` and the like) filter with `pk IN (subquery)` from the
user's own memberships: no join fanning out over every member with a DISTINCT, and a plan
that reads the user's memberships through an index, never all of them.

The plans are read from the database the tests run on: PostgreSQL in CI (`EXPLAIN`), SQLite
locally (`EXPLAIN QUERY PLAN`), after seeding scale data and ANALYZE, so that the planner
works from statistics like those of a real database."""

import datetime
import re

import pytest
from django.db import connection

from demo import scale as demo_scale
from incubateur.accounts.models import User
from intrapreneurs.models import Candidacy, ProblemSubmission
from investigations.models import Investigation
from programmes.models import Collectivity, Programme
from reports.models import Report

TODAY = datetime.date(2026, 11, 26)
# Enough programmes that a membership table read in full costs more than an index lookup:
# 150 programmes, 2,250 memberships, 900 team memberships.
PROGRAMMES = 150
MEMBERSHIP_TABLES = ["programmes_membership", "investigations_teammembership"]

PEOPLE = {
    "referent": "referent@echelle-0004.fr",
    "agent": "agent05@echelle-0004.fr",
    "intrapreneur": "agent00@echelle-0000.fr",
    "coach": demo_scale.BENCH_COACH,
}

QUERYSETS = {
    "Programme.visible_to": lambda user: Programme.objects.visible_to(user),
    "Programme.referred_by": lambda user: Programme.objects.referred_by(user),
    "Programme.selectable_by": lambda user: Programme.objects.selectable_by(user),
    "Programme.open_to_agent": lambda user: Programme.objects.open_to_agent(user),
    "Collectivity.managed_by": lambda user: Collectivity.objects.managed_by(user),
    "Investigation.visible_to": lambda user: Investigation.objects.visible_to(user),
    "ProblemSubmission.visible_to": lambda user: ProblemSubmission.objects.visible_to(user),
    "Candidacy.visible_to": lambda user: Candidacy.objects.visible_to(user),
    "Report.visible_to": lambda user: Report.objects.visible_to(user),
}


def full_scans(plan: str) -> list[str]:
    """The membership tables the plan reads in full."""
    # PostgreSQL's EXPLAIN; SQLite's EXPLAIN QUERY PLAN, where SEARCH looks rows up
    # through an index and SCAN reads the whole table (or a whole index).
    postgresql = connection.vendor == "postgresql"
    pattern = r"Seq Scan on ({})\b" if postgresql else r"\bSCAN ({})\b"
    return re.findall(pattern.format("|".join(MEMBERSHIP_TABLES)), plan)


@pytest.fixture(scope="module")
def scale(module_db):
    """Seeded once for the module (the tests only read)."""
    demo_scale.seed_scale(PROGRAMMES, today=TODAY)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {role: User.objects.get(email=email) for role, email in PEOPLE.items()}


def test_no_tenant_queryset_reads_every_membership(scale):
    offending = {}
    for role, user in scale.items():
        for name, build in QUERYSETS.items():
            if scans := full_scans(build(user).explain()):
                offending[f"{name} for the {role}"] = scans
    assert offending == {}


def test_the_tenant_querysets_are_subqueries_without_distinct(scale):
    for role, user in scale.items():
        for name, build in QUERYSETS.items():
            sql = str(build(user).query)
            assert "DISTINCT" not in sql, f"{name} for the {role}"
            for table in MEMBERSHIP_TABLES:
                # A membership table is only read inside `IN (SELECT …)`, never joined.
                assert f'JOIN "{table}"' not in sql, f"{name} for the {role} joins {table}"


def test_the_subqueries_select_the_same_rows_as_the_rules_say(scale):
    """The rewritten filters still mean what they did: a referent sees their
    collectivité's non-draft programmes and nothing else."""
    referent = scale["referent"]
    own = set(
        Programme.objects.filter(collectivities__memberships__user=referent)
        .exclude(status=Programme.Status.DRAFT)
        .values_list("pk", flat=True)
    )

    assert set(Programme.objects.visible_to(referent).values_list("pk", flat=True)) == own
    assert Programme.objects.visible_to(referent).count() == len(own)
