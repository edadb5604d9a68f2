"""Mon compte › Mon agenda, and the one-click download of a programme's calendar."""

import icalendar
from django.urls import reverse

from incubateur.calendars.models import CalendarFeed
from tests.factories import UserFactory
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

URL = reverse("calendars:subscription")


def test_the_page_offers_to_create_the_link(client):
    client.force_login(UserFactory())

    response = client.get(URL)

    assert response.status_code == 200
    assert "Créer mon lien d’agenda" in response.content.decode()


def test_creating_the_link_shows_it_with_how_to_subscribe(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(URL, {"action": "regenerate"}, follow=True)

    feed = CalendarFeed.objects.get(user=user)
    page = response.content.decode()
    assert f"http://127.0.0.1:8000/calendrier/{feed.token}.ics" in page
    assert f"webcal://127.0.0.1:8000/calendrier/{feed.token}.ics" in page
    for app in ("Google Agenda", "Outlook", "Calendrier d’Apple", "Thunderbird"):
        assert app in page


def test_regenerating_replaces_the_token(client):
    user = UserFactory()
    old = CalendarFeed.regenerate(user).token
    client.force_login(user)

    client.post(URL, {"action": "regenerate"})

    assert CalendarFeed.objects.get(user=user).token != old


def test_revoking_deletes_the_link(client):
    user = UserFactory()
    CalendarFeed.regenerate(user)
    client.force_login(user)

    response = client.post(URL, {"action": "revoke"}, follow=True)

    assert not CalendarFeed.objects.filter(user=user).exists()
    assert "Votre lien d’agenda est supprimé." in response.content.decode()


def test_an_unknown_action_changes_nothing(client):
    user = UserFactory()
    token = CalendarFeed.regenerate(user).token
    client.force_login(user)

    response = client.post(URL, {"action": "drop-table"}, follow=True)

    assert CalendarFeed.objects.get(user=user).token == token
    assert "Cette action n’existe pas." in response.content.decode()


def test_the_programme_page_links_its_calendar(client):
    investigation = InvestigationFactory()
    client.force_login(investigation.programme.coach)

    response = client.get(
        reverse("programmes:programme_detail", args=[investigation.programme.slug])
    )

    url = reverse("calendars:programme_download", args=[investigation.programme.slug])
    assert url in response.content.decode()


def test_the_programme_download_holds_its_sessions_as_an_attachment(client):
    investigation = InvestigationFactory()
    other = InvestigationFactory()  # another programme
    client.force_login(investigation.programme.coach)

    response = client.get(
        reverse("calendars:programme_download", args=[investigation.programme.slug])
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = icalendar.Calendar.from_ical(response.content)
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    expected = {
        f"session-{investigation.pk}-{s.week}@127.0.0.1" for s in investigation.sessions.all()
    }
    assert expected <= uids
    others = {f"session-{other.pk}-{s.week}@127.0.0.1" for s in other.sessions.all()} | {
        f"milestone-{m.pk}@127.0.0.1" for m in other.milestones.all()
    }
    assert others and not others & uids


def test_an_agent_downloads_the_programme_without_its_investigations(client):
    investigation = InvestigationFactory()
    programme = investigation.programme
    agent = MembershipFactory(collectivity=programme.collectivities.first()).user
    client.force_login(agent)

    response = client.get(reverse("calendars:programme_download", args=[programme.slug]))

    calendar = icalendar.Calendar.from_ical(response.content)
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [
        f"call-closes-{programme.pk}@127.0.0.1"
    ]


def test_another_tenant_gets_404_on_the_programme_download(client):
    programme = ProgrammeFactory(investigation=True)
    client.force_login(MembershipFactory().user)

    response = client.get(reverse("calendars:programme_download", args=[programme.slug]))

    assert response.status_code == 404
