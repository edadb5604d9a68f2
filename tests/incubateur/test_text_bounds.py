"""Bounds on what people type (incubateur/text.py): every text field has a maximum
length with a French message giving the limit and the count; control characters are
stripped; counts are written with ASCII digits; dates are plausible for their meaning;
email addresses fit a mail server and our columns; a NUL in an invitation link is a 404."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from demo.seed import seed_demo
from incubateur import text
from intrapreneurs.models import ProblemSubmission
from investigations.models import Hypothesis, Milestone
from programmes.models import Invitation
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.investigations.factories import InvestigationFactory
from tests.investigations.test_logs_form import log_url, new_log_data
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

OUR_APPS = ["intrapreneurs", "investigations", "programmes", "reports"]
# Written by the code, never typed by anyone.
NOT_TYPED = {("reports", "Report", "error")}


def typed_text_fields():
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                typed = isinstance(field, models.TextField | models.CharField)
                if (
                    typed
                    and not field.choices
                    and (label, model.__name__, field.name) not in NOT_TYPED
                ):
                    yield model, field


def test_every_text_field_has_a_maximum_length():
    unbounded = [
        f"{model.__name__}.{field.name}"
        for model, field in typed_text_fields()
        if field.max_length is None
    ]
    assert unbounded == []


def test_the_limits_keep_a_log_short_enough_for_the_report():
    # The report prints each log's learnings and activities (bench/report.py times it).
    from investigations.models import WeeklyLog

    printed = [
        WeeklyLog._meta.get_field(name).max_length for name in ("key_learnings", "activities")
    ]
    assert sum(printed) <= 5000
    assert ProblemSubmission._meta.get_field("problem").max_length == text.TEXT


def test_the_demo_fits_the_limits():
    seed_demo()

    too_long = [
        f"{model.__name__}.{field.name}"
        for model, field in typed_text_fields()
        if model.objects.annotate(length=Length(field.name))
        .filter(length__gt=field.max_length)
        .exists()
    ]
    assert too_long == []


def test_the_model_refuses_a_text_over_its_limit_too():
    hypothesis = Hypothesis(statement="x" * (text.SENTENCE + 1))

    with pytest.raises(ValidationError) as error:
        hypothesis.clean_fields(exclude=["investigation", "created_by"])

    assert error.value.message_dict["statement"] == [
        f"Ce texte est trop long : {text.SENTENCE + 1} caractères pour {text.SENTENCE} au "
        "plus. Raccourcissez-le."
    ]


@pytest.fixture
def investigation():
    return InvestigationFactory()


@pytest.fixture
def member(investigation):
    return investigation.team.order_by("pk").first()


@pytest.fixture
def week(investigation):
    return investigation.current_week(investigation.sessions.order_by("week"))


def test_a_log_over_its_limit_is_refused_in_french_and_kept(client, investigation, member, week):
    client.force_login(member)
    long_text = "Apprentissage. " * 300  # 4,500 characters

    response = client.post(log_url(investigation, week), new_log_data(key_learnings=long_text))

    assert response.status_code == 200
    assert not investigation.logs.exists()
    assert response.context["form"].errors["key_learnings"] == [
        f"Ce texte est trop long : {len(long_text.strip())} caractères pour "
        f"{text.LOG_LEARNINGS} au plus. Raccourcissez-le."
    ]
    assertContains(response, long_text.strip()[:200])
    assertContains(response, f'maxlength="{text.LOG_LEARNINGS}"')


def test_control_characters_are_stripped_from_what_is_typed(client, investigation, member, week):
    client.force_login(member)

    client.post(
        log_url(investigation, week),
        new_log_data(key_learnings="Les\x00 rappels\x07 marchent\x1b.\tVraiment.\r\nOui\x7f\x85."),
    )

    assert investigation.logs.get().key_learnings == "Les rappels marchent.\tVraiment.\r\nOui."


def test_a_decline_message_loses_its_nul_bytes(client):
    programme = ProgrammeFactory(selection=True)
    submission = ProblemSubmissionFactory(submitted=True, programme=programme)
    client.force_login(programme.coach)

    client.post(
        reverse("intrapreneurs:submission_status", args=[programme.slug, submission.pk]),
        {"status": "declined", "seen_status": "submitted", "message": "Hors\x00 champ\x01."},
    )

    submission.refresh_from_db()
    assert (submission.status, submission.decline_message) == ("declined", "Hors champ.")


@pytest.mark.parametrize("digits", ["٣", "۳", "３", "3٣"])
def test_counts_in_other_digits_than_ascii_are_refused(client, investigation, member, week, digits):
    client.force_login(member)

    response = client.post(
        log_url(investigation, week), new_log_data(usagers_met=digits, hours_spent="٦")
    )

    errors = response.context["form"].errors
    assert errors["usagers_met"] == ["Écrivez ce nombre avec les chiffres 0 à 9."]
    assert errors["hours_spent"] == ["Écrivez ce nombre avec les chiffres 0 à 9."]
    assert not investigation.logs.exists()


def test_programme_figures_in_other_digits_are_refused():
    from programmes.forms import ProgrammeForm

    form = ProgrammeForm(data={"weeks": "١٠", "target_problems": "٦"})

    assert form.errors["weeks"] == ["Écrivez ce nombre avec les chiffres 0 à 9."]
    assert form.errors["target_problems"] == ["Écrivez ce nombre avec les chiffres 0 à 9."]


@pytest.mark.parametrize("day", ["0001-01-01", "1900-01-01", "2099-01-01"])
def test_an_implausible_committee_date_is_refused(client, investigation, day):
    client.force_login(investigation.programme.coach)

    response = client.post(
        reverse("investigations:committee_review", args=[investigation.pk]),
        {"decision": "pivot", "decided_on": day},
    )

    assert response.status_code == 200
    assert "decided_on" in response.context["form"].errors
    assertContains(response, "Saisissez une date du comité entre le")
    assert not hasattr(investigation, "committee_review") or not (
        investigation.committee_review.decided_on
    )


@pytest.mark.parametrize("day", ["1900-01-01", "0001-01-01"])
def test_a_milestone_done_long_ago_is_refused(client, investigation, day):
    milestone = investigation.milestones.get(kind=Milestone.Kind.MID_POINT)
    client.force_login(investigation.programme.coach)

    response = client.post(
        reverse("investigations:milestone_update", args=[investigation.pk, milestone.pk]),
        {"action": "done", "done_on": day, "note": "", "version": "1"},
    )

    assert response.status_code == 200
    assertContains(response, "Un jalon est réalisé pendant le programme : pas avant le")
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_a_milestone_done_last_month_is_accepted(client, investigation):
    milestone = investigation.milestones.get(kind=Milestone.Kind.MID_POINT)
    client.force_login(investigation.programme.coach)
    last_month = timezone.localdate() - datetime.timedelta(days=30)

    client.post(
        reverse("investigations:milestone_update", args=[investigation.pk, milestone.pk]),
        {"action": "done", "done_on": last_month.isoformat(), "note": "", "version": "1"},
    )

    milestone.refresh_from_db()
    assert milestone.done_on == last_month


@pytest.mark.parametrize(
    ("email", "message"),
    [
        (
            "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".fr",
            "Cette adresse est trop longue : 307 caractères pour 254 au plus.",
        ),
        ("a" * 65 + "@lehavre.fr", "La partie avant « @ » de cette adresse est trop longue"),
        ("paul\x00@lehavre.fr", "Le caractère nul n’est pas autorisé."),
    ],
)
def test_an_invitation_to_an_impossible_address_is_refused_in_french(client, email, message):
    referent = MembershipFactory(referent=True)
    client.force_login(referent.user)

    response = client.post(
        reverse("programmes:invitation_create", args=[referent.collectivity.pk]),
        {"email": email, "role": "agent"},
    )

    assert response.status_code == 200
    assertContains(response, message)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("token", ["x%00y", "x%20y", "%C3%A9t%C3%A9"])
def test_an_invitation_link_with_unexpected_characters_is_a_404(client, token):
    response = client.get(f"/invitations/{token}/")

    assert response.status_code == 404
