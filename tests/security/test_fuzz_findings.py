"""What the fuzzing found (tests/security/test_fuzz_forms.py), one named case each: every
one of them was a 500, or a page building thousands of forms, before its fix."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from incubateur.forms import ModelMultipleChoiceField
from investigations.models import Conclusion, Hypothesis, Milestone
from programmes.validators import siren_is_valid, validate_siren
from tests.factories import UserFactory
from tests.investigations.factories import HypothesisFactory, InvestigationFactory
from tests.programmes.factories import ProgrammeFactory, valid_siren

FORTY_DIGITS = "9" * 40


@pytest.fixture
def investigation():
    return InvestigationFactory(members__size=1)


@pytest.fixture
def intrapreneur(investigation):
    return investigation.team.get()


def test_an_id_too_large_for_the_database_is_an_invalid_choice():
    # SQLite raised OverflowError on it in `pk__in`.
    field = ModelMultipleChoiceField(queryset=Hypothesis.objects.all())
    with pytest.raises(ValidationError) as error:
        field.clean([FORTY_DIGITS])
    assert error.value.code == "invalid_choice"


def test_a_log_ticking_a_40_digit_hypothesis_id_gets_a_french_error(
    client, investigation, intrapreneur
):
    HypothesisFactory(investigation=investigation)
    week = investigation.current_week(investigation.sessions.order_by("week"))
    client.force_login(intrapreneur)
    url = reverse("investigations:log_form", args=[investigation.pk, week])

    response = client.post(
        url,
        {
            "activities": "Deux entretiens",
            "hypotheses_tested": [FORTY_DIGITS],
            "figures-TOTAL_FORMS": "0",
            "figures-INITIAL_FORMS": "0",
        },
    )

    assertContains(response, "Sélectionnez un choix valide.")
    assertContains(response, "Deux entretiens")
    assert not investigation.logs.exists()


@pytest.fixture
def done_milestone(client, investigation):
    """The mid-point, done yesterday, and the URL its coach (signed in) posts to."""
    milestone = investigation.milestones.get(kind=Milestone.Kind.MID_POINT)
    milestone.done_on = timezone.localdate() - datetime.timedelta(days=1)
    milestone.save()
    client.force_login(investigation.programme.coach)
    return milestone, reverse(
        "investigations:milestone_update", args=[investigation.pk, milestone.pk]
    )


def test_undoing_a_milestone_strips_a_nul_byte_from_its_note(client, done_milestone):
    # The note used to be saved unvalidated: PostgreSQL refuses NUL bytes (a 500). Typed
    # text now loses its control characters, NUL included (incubateur/text.py).
    milestone, url = done_milestone

    response = client.post(
        url,
        {"action": "undo", "note": "Reporté\x00", "done_on": "x", "version": milestone.version},
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.note) == (None, "Reporté")


def test_undoing_a_milestone_keeps_the_note_and_ignores_the_posted_date(client, done_milestone):
    milestone, url = done_milestone

    response = client.post(
        url,
        {"action": "undo", "note": "Reporté", "done_on": "n’importe", "version": milestone.version},
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.note) == (None, "Reporté")


@pytest.mark.parametrize("log", ["²", "9" * 5000])
def test_a_commented_log_that_is_no_number_is_a_404(client, investigation, log):
    # "²".isdigit() is true but int("²") fails, and int() refuses more than 4,300 digits:
    # both were 500s.
    client.force_login(investigation.programme.coach)
    url = reverse("investigations:comment_create", args=[investigation.pk])

    response = client.post(url, {"body": "Bravo", "log": log, "visibility": "team"})

    assert response.status_code == 404
    assert not investigation.comments.exists()


@pytest.mark.parametrize("siren", ["12345678²", "١٢٣٤٥٦٧٨٩"])
def test_a_siren_takes_ascii_digits_only(siren):
    # The first was a 500 (int("²")), the second a SIREN in Arabic-Indic digits.
    assert not siren_is_valid(siren)
    with pytest.raises(ValidationError) as error:
        validate_siren(siren)
    assert error.value.code == "format"
    validate_siren(valid_siren(42))


def test_a_forged_management_form_builds_at_most_30_rows(client, investigation, intrapreneur):
    # Django builds up to max_num + 1,000 forms from TOTAL_FORMS: each post cost seconds.
    client.force_login(intrapreneur)
    url = reverse("investigations:conclusion", args=[investigation.pk])

    response = client.post(
        url,
        {
            "problem_confirmed": "yes",
            "summary": "Un rendez-vous sur quatre est manqué.",
            "recommendation": "stop",
            "chiffres-TOTAL_FORMS": FORTY_DIGITS,
            "chiffres-INITIAL_FORMS": "0",
            "propositions-TOTAL_FORMS": "0",
            "propositions-INITIAL_FORMS": "0",
        },
    )

    assertContains(response, "Veuillez soumettre au plus 30 formulaires.")
    assertContains(response, "Un rendez-vous sur quatre est manqué.")
    assert len(response.context["figures"].forms) == 30
    assert not Conclusion.objects.filter(investigation=investigation).exists()


def test_a_programme_starting_in_year_9999_is_refused(client):
    # Saved, it broke the selection's finalisation page: its sessions' dates overflowed.
    programme = ProgrammeFactory(selection=True)
    client.force_login(UserFactory(admin=True))
    url = reverse("programmes:programme_update", args=[programme.slug])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["collectivities"] = [collectivity.pk for collectivity in programme.collectivities.all()]

    response = client.post(url, {**data, "investigation_starts_on": "9999-12-31"})

    assertContains(response, "Saisissez une date entre le 1er janvier 2000 et le 31 décembre 2100.")
    assertContains(response, "9999-12-31")
    programme.refresh_from_db()
    assert programme.investigation_starts_on.year < 2100
    finalise = reverse("intrapreneurs:selection_finalise", args=[programme.slug])
    assert client.get(finalise).status_code == 200
