import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.db.models import Model

from demo import investigations as demo_investigations
from demo.seed import DEMO_PASSWORD, DEMO_USERS, seed_demo
from incubateur.accounts.models import User
from intrapreneurs.models import ProblemSubmission, SelectionReview
from investigations import betagouv
from investigations.models import (
    Attendance,
    Comment,
    CommitteeReview,
    Fiche,
    HypothesisChange,
    Investigation,
    Milestone,
    WeeklyLog,
    WeeklySession,
)
from programmes.models import Collectivity, Membership, Programme
from reports.funnel import funnel


def snapshot():
    """Every demo row, without volatile timestamps, to compare two runs."""

    def rows(model: type[Model], *fields):
        return sorted(model.objects.values_list(*fields))

    return {
        "users": rows(User, "pk", "email", "first_name", "last_name", "is_staff"),
        "emails": rows(EmailAddress, "pk", "email", "verified", "primary"),
        "collectivities": rows(Collectivity, "pk", "siren", "name", "kind"),
        "memberships": rows(Membership, "pk", "user__email", "collectivity__siren", "role"),
        "programmes": rows(
            Programme, "pk", "slug", "status", "call_opens_on", "coach__email", "weeks"
        ),
        "programme_collectivities": rows(Programme, "slug", "collectivities__siren"),
        "submissions": rows(ProblemSubmission, "pk", "title", "status", "author__email"),
        "reviews": rows(SelectionReview, "pk", "submission_id", "reviewer_id", "average"),
        "investigations": rows(Investigation, "pk", "submission_id"),
        "sessions": rows(WeeklySession, "pk", "investigation_id", "week", "date"),
        "logs": rows(WeeklyLog, "pk", "investigation_id", "week", "status"),
        "attendance": rows(Attendance, "pk", "session_id", "user_id", "status"),
        "comments": rows(Comment, "pk", "investigation_id", "visibility"),
    }


def test_it_is_idempotent(settings):
    settings.DEBUG = True

    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")

    assert snapshot() == first
    assert len(first["users"]) == 18


def test_it_creates_every_role_and_the_le_havre_programme(settings, capsys):
    settings.DEBUG = True

    call_command("seed_demo")

    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for spec in DEMO_USERS:
        assert spec.email in out
        user = User.objects.get(email=spec.email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.get(email=spec.email).verified
    programme = Programme.objects.get(slug="le-havre-vague-1")
    assert sorted(programme.collectivities.values_list("name", flat=True)) == [
        "Le Havre Seine Métropole",
        "Ville du Havre",
    ]
    assert programme.coach.email == "coach@anct.gouv.fr"
    assert programme.designer.email == "designer@anct.gouv.fr"
    assert Membership.objects.filter(role=Membership.Role.REFERENT).count() == 2
    assert Programme.objects.get(slug="le-havre-2026").status == Programme.Status.CALL_OPEN


def test_it_runs_the_call_and_the_selection_of_the_first_wave(settings):
    settings.DEBUG = True

    call_command("seed_demo")

    programme = Programme.objects.get(slug="le-havre-vague-1")
    assert programme.status == Programme.Status.INVESTIGATION
    assert programme.submissions.count() == 20
    assert programme.candidacies.count() == 12
    assert SelectionReview.objects.filter(submission__programme=programme).count() == 80
    investigations = programme.investigations.prefetch_related("team", "sessions")
    assert len(investigations) == 6
    for investigation in investigations:
        assert investigation.team.count() == 2
        assert investigation.sessions.count() == programme.weeks
    rendez_vous = investigations.get(
        submission__title="Rendez-vous non honorés dans les services sociaux"
    )
    assert "intrapreneur@lehavre.fr" in {user.email for user in rendez_vous.team.all()}
    assert list(programme.transitions.values_list("to_status", flat=True)) == [
        "call_open",
        "selection",
        "investigation",
    ]


def test_it_rebuilds_the_programmes_when_the_day_changes(settings):
    settings.DEBUG = True
    seed_demo(today=datetime.date(2026, 11, 1))

    seed_demo(today=datetime.date(2026, 11, 29))

    programme = Programme.objects.get(slug="le-havre-vague-1")
    assert programme.investigation_starts_on == datetime.date(2026, 10, 3)
    assert programme.investigations.count() == 6
    assert Programme.objects.count() == 2


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo")

    assert not User.objects.exists()


def test_force_runs_it_with_debug_off(settings):
    settings.DEBUG = False

    call_command("seed_demo", "--force")

    assert User.objects.filter(email__in=[spec.email for spec in DEMO_USERS]).count() == len(
        DEMO_USERS
    )


def test_it_fills_eight_weeks_of_the_investigations(settings):
    settings.DEBUG = True

    seed_demo(today=datetime.date(2026, 11, 29))

    programme = Programme.objects.get(slug="le-havre-vague-1")
    logs = WeeklyLog.objects.filter(investigation__programme=programme)
    late = programme.investigations.get(submission__title=demo_investigations.LATE_TITLE)
    assert late.logs.count() == 5
    assert logs.exclude(investigation=late).count() == 5 * 8
    assert Attendance.objects.filter(session__investigation__programme=programme).count() == 96
    moved = HypothesisChange.objects.exclude(from_status="")
    assert set(moved.values_list("to_status", flat=True)) == {"validated", "invalidated"}
    assert Comment.objects.filter(visibility=Comment.Visibility.ANCT).count() == 6
    concluded = programme.investigations.filter(conclusion__isnull=False)
    assert set(concluded.values_list("submission__title", flat=True)) == (
        demo_investigations.CONCLUDED_TITLES
    )
    assert all(i.committee_review.decision for i in concluded)


def test_each_committee_outcome_shows_its_next_step(settings):
    settings.DEBUG = True

    seed_demo(today=datetime.date(2026, 11, 29))

    programme = Programme.objects.get(slug="le-havre-vague-1")
    decided = {
        i.committee_review.decision: i
        for i in programme.investigations.filter(committee_review__isnull=False)
    }
    assert set(decided) == {"abandon", "pivot", "continue_outside", "build"}
    for decision, investigation in decided.items():
        assert investigation.next_step.is_complete_for(decision), decision
    assert decided["build"].next_step.in_construction
    draft = decided["pivot"].next_step.pivot_submission
    assert draft.programme.slug == "le-havre-2026"  # the second wave, its call open
    assert draft.status == "draft"
    assert draft.intrapreneurs.count() == decided["pivot"].team.count()
    counts = funnel().counts
    assert sum(counts["investigated"].values()) == programme.investigations.count()
    for decision in ("abandon", "pivot", "continue_outside", "build"):
        assert sum(counts[f"decision_{decision}"].values()) == 1
    assert sum(counts["built"].values()) == 1
    # A published fiche of a decided investigation shows its next step publicly.
    decided_fiches = (
        Fiche.objects.published()
        .with_public_data()
        .exclude(investigation__committee_review__decision="")
    )
    decided_fiches = decided_fiches.filter(investigation__committee_review__isnull=False)
    assert decided_fiches
    assert all(betagouv.next_step(fiche) for fiche in decided_fiches)


def test_the_demo_committee_decisions_have_completed_their_milestone():
    seed_demo(today=datetime.date(2026, 12, 4))

    reviews = CommitteeReview.objects.exclude(decision="").select_related("investigation")
    assert reviews
    for review in reviews:
        committee = review.investigation.milestones.get(kind=Milestone.Kind.COMMITTEE)
        assert committee.done_on == review.decided_on


def test_the_demo_open_call_has_its_own_text():
    seed_demo(today=datetime.date(2026, 12, 4))

    call = Programme.objects.get(status=Programme.Status.CALL_OPEN)
    assert call.call_introduction.startswith("Après une première vague")
    assert call.call_theme_list() == [
        "Relations aux usagers",
        "Accueil et standard",
        "Démarches en ligne",
    ]
    assert call.call_contact == "Rémi Lefebvre, referent@lehavre.fr"
