import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from demo import scale as demo_scale
from incubateur.accounts.models import User
from intrapreneurs.models import Candidacy, ProblemSubmission, SelectionReview
from investigations.models import (
    Attendance,
    Conclusion,
    Investigation,
    Milestone,
    TeamMembership,
    WeeklyLog,
    WeeklySession,
)
from programmes.models import Collectivity, Programme

# A Thursday: programme 0 started its investigation 57 days before, on a Wednesday, so
# its ninth Thursday session is today.
TODAY = datetime.date(2026, 11, 26)


# What the scale programmes hold: each model and the path from it to its programme's slug.
SCALE_ROWS = {
    "programmes": (Programme, "slug"),
    "submissions": (ProblemSubmission, "programme__slug"),
    "reviews": (SelectionReview, "submission__programme__slug"),
    "candidacies": (Candidacy, "programme__slug"),
    "investigations": (Investigation, "programme__slug"),
    "team": (TeamMembership, "investigation__programme__slug"),
    "sessions": (WeeklySession, "investigation__programme__slug"),
    "logs": (WeeklyLog, "investigation__programme__slug"),
    "attendance": (Attendance, "session__investigation__programme__slug"),
    "milestones": (Milestone, "investigation__programme__slug"),
}


def scale_rows():
    return {
        name: model.objects.filter(**{f"{slug}__startswith": demo_scale.SLUG_PREFIX}).count()
        for name, (model, slug) in SCALE_ROWS.items()
    }


def test_two_programmes_have_the_size_of_real_ones():
    assert demo_scale.seed_scale(2, today=TODAY) == 2

    assert dict(
        Programme.objects.filter(slug__startswith=demo_scale.SLUG_PREFIX).values_list(
            "slug", "status"
        )
    ) == {"echelle-0000": "investigation", "echelle-0001": "selection"}
    assert scale_rows() == {
        "programmes": 2,
        "submissions": 2 * 20,
        "reviews": 2 * 20 * 3,  # the referent, the coach and the designer
        "candidacies": 2 * 12,
        "investigations": 6,  # only the programme under investigation
        "team": 6 * 2,
        "sessions": 6 * 12,
        # Nine weeks passed; the fourth team stopped writing three weeks ago.
        "logs": 5 * 9 + 6,
        "attendance": 6 * 9 * 2,
        "milestones": 6 * 5,
    }
    assert Collectivity.objects.filter(email_domains__domain="echelle-0001.fr").exists()


def test_coaches_follow_about_six_programmes_the_older_ones_closed():
    demo_scale.seed_scale(12, today=TODAY)

    coach = User.objects.get(email=demo_scale.BENCH_COACH)
    followed = Programme.objects.followed_by(coach)
    # Two coaches for twelve programmes: coach 0 follows the even ones; the first one a
    # week apart are still under investigation, the older ones are closed.
    assert dict(followed.values_list("slug", "status")) == {
        "echelle-0000": "investigation",
        "echelle-0002": "call_open",
        "echelle-0004": "investigation",
        "echelle-0006": "closed",
        "echelle-0008": "closed",
        "echelle-0010": "closed",
    }
    closed = Investigation.objects.filter(programme__status=Programme.Status.CLOSED)
    assert Conclusion.objects.filter(investigation__in=closed).count() == closed.count() > 0


def test_a_second_run_with_the_same_size_changes_nothing_and_another_size_is_refused(
    settings,
):
    settings.DEBUG = True
    call_command("seed_demo", "--scale", "2")
    before = scale_rows()

    call_command("seed_demo", "--scale", "2")
    assert scale_rows() == before

    with pytest.raises(CommandError, match="already holds 2 scale programmes, not 3"):
        call_command("seed_demo", "--scale", "3")
    assert scale_rows() == before


@pytest.fixture
def seeded():
    demo_scale.seed_scale(2, today=TODAY)
    programme = Programme.objects.get(slug="echelle-0000")
    investigation = programme.investigations.order_by("pk").first()
    return programme, investigation


def test_the_pages_of_a_scale_programme_render(client, seeded):
    programme, investigation = seeded
    client.force_login(User.objects.get(email=demo_scale.BENCH_COACH))
    title = investigation.submission.title

    for url in [
        reverse("investigations:dashboard"),
        reverse("programmes:programme_dashboard", args=[programme.slug]),
        reverse("intrapreneurs:selection_list", args=["echelle-0001"]),
        reverse("investigations:investigation_detail", args=[investigation.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert title in client.get(reverse("investigations:dashboard")).text

    client.force_login(investigation.team.order_by("pk").first())
    response = client.get(reverse("investigations:log_form", args=[investigation.pk, 1]))
    assert response.status_code == 200


def test_the_national_dashboard_counts_the_scale_programmes(client, seeded):
    admin = User.objects.create_user("admin@anct.gouv.fr", is_staff=True)
    client.force_login(admin)

    response = client.get(reverse("programmes:national_dashboard"))

    assert response.status_code == 200
    assert "Programme d’investigations n°1" in response.text
