"""Once its investigations have their weekly sessions, a programme's schedule (start,
number of weeks, weekday) is no longer editable: never one schedule on the programme page
and another in the sessions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains

from programmes.models import Programme
from tests.factories import UserFactory
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import ProgrammeFactory
from tests.programmes.test_programme_views import form_data

LOCKED = "Non modifiable : les séances hebdomadaires des investigations sont planifiées"


@pytest.fixture
def running(db):
    programme = ProgrammeFactory(investigation=True, weeks=10, weekday=Programme.Weekday.THURSDAY)
    InvestigationFactory(programme=programme)
    return programme


def post_update(client, programme, **changes):
    client.force_login(UserFactory(admin=True))
    page = client.get(reverse("programmes:programme_update", args=[programme.slug]))
    saved = {
        "name": programme.name,
        "slug": programme.slug,
        "call_opens_on": programme.call_opens_on.isoformat(),
        "call_closes_on": programme.call_closes_on.isoformat(),
        "investigation_starts_on": programme.investigation_starts_on.isoformat(),
        "version": page.context["form"]["version"].value(),
    }
    data = form_data(
        programme.collectivities.all(),
        programme.coach,
        programme.designer,
        **{**saved, **changes},
    )
    return page, client.post(reverse("programmes:programme_update", args=[programme.slug]), data)


def test_the_form_says_the_schedule_is_locked_and_a_post_cannot_change_it(client, running):
    sessions = list(running.investigations.get().sessions.values_list("date", flat=True))

    page, response = post_update(client, running, weeks="12", weekday="1", name="Nouveau nom")

    assertContains(page, LOCKED, count=3)
    assert page.context["form"].fields["weeks"].disabled
    assert response.status_code == 302
    running.refresh_from_db()
    assert (running.name, running.weeks, running.weekday) == ("Nouveau nom", 10, 3)
    investigation = running.investigations.get()
    assert list(investigation.sessions.values_list("date", flat=True)) == sessions


def test_the_model_refuses_a_new_schedule_with_a_message_at_each_field(running):
    running.weeks = 12
    running.weekday = Programme.Weekday.TUESDAY

    with pytest.raises(ValidationError) as error:
        running.full_clean()

    assert set(error.value.message_dict) == {"weeks", "weekday"}
    assert "ce champ n’est plus modifiable" in error.value.message_dict["weeks"][0]


def test_before_the_sessions_exist_the_schedule_stays_editable(client):
    programme = ProgrammeFactory(selection=True, weeks=10)

    page, response = post_update(client, programme, weeks="12")

    assert not page.context["form"].fields["weeks"].disabled
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.weeks == 12
