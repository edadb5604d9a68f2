import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from intrapreneurs.services import programme_close_call
from programmes.models import Programme
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.programmes.factories import CollectivityFactory, MembershipFactory, ProgrammeFactory


@pytest.fixture
def le_havre():
    return CollectivityFactory(name="Ville du Havre")


@pytest.fixture
def programme(le_havre):
    return ProgrammeFactory(
        call_open=True, name="Programme du Havre", slug="le-havre-2026", collectivities=[le_havre]
    )


def detail_url(programme):
    return reverse("programmes:programme_detail", args=[programme.slug])


def update_url(programme):
    return reverse("programmes:programme_update", args=[programme.slug])


def form_data(collectivities, coach, designer, **overrides):
    data = {
        "name": "Programme de Rouen 2027",
        "slug": "rouen-2027",
        "collectivities": [collectivity.pk for collectivity in collectivities],
        "call_opens_on": "2027-01-04",
        "call_closes_on": "2027-02-05",
        "investigation_starts_on": "2027-03-01",
        "weeks": "10",
        "weekday": "3",
        "target_problems": "6",
        "coach": coach.pk,
        "designer": designer.pk,
    }
    data.update(overrides)
    return data


# List


def test_admins_list_every_programme_with_the_create_link(client, programme):
    other = ProgrammeFactory(draft=True, name="Programme de Rouen")
    client.force_login(UserFactory(admin=True))

    response = client.get(reverse("programmes:programme_list"))

    assertContains(response, "Programme du Havre")
    assertContains(response, "Ville du Havre")
    assertContains(response, other.name)
    assertContains(response, detail_url(programme))
    assertContains(response, reverse("programmes:programme_create"))


def test_members_list_only_their_collectivity_programmes(client, programme, le_havre):
    other = ProgrammeFactory(call_open=True, name="Programme de Rouen")
    client.force_login(MembershipFactory(agent=True, collectivity=le_havre).user)

    response = client.get(reverse("programmes:programme_list"))

    assertContains(response, "Programme du Havre")
    assertNotContains(response, other.name)
    assertNotContains(response, reverse("programmes:programme_create"))


def test_coaches_list_only_the_programmes_they_follow(client, programme):
    other = ProgrammeFactory(call_open=True, name="Programme de Rouen")
    client.force_login(programme.coach)

    response = client.get(reverse("programmes:programme_list"))

    assertContains(response, "Programme du Havre")
    assertNotContains(response, other.name)


def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    client.force_login(UserFactory(admin=True))

    def count_queries():
        # session, user, memberships, followed programmes and teams (menu roles),
        # programmes with coach and designer, their collectivités
        with django_assert_num_queries(7):
            response = client.get(reverse("programmes:programme_list"))
        assert response.status_code == 200

    ProgrammeFactory()
    count_queries()
    for _ in range(10):
        ProgrammeFactory(collectivities=[CollectivityFactory(), CollectivityFactory()])
    count_queries()


def test_anonymous_visitors_are_sent_to_the_login(client, programme):
    for url in [
        reverse("programmes:programme_list"),
        reverse("programmes:programme_create"),
        detail_url(programme),
        update_url(programme),
    ]:
        response = client.get(url)
        assertRedirects(response, f"{reverse('account_login')}?next={url}")


# Detail


def test_admins_see_dates_collectivities_team_and_history(client, programme):
    admin = UserFactory(admin=True, first_name="Aïcha", last_name="Benali")
    draft = ProgrammeFactory(draft=True, coach__first_name="Camille", coach__last_name="Coach")
    draft.move_to(Programme.Status.CALL_OPEN, by=admin)
    client.force_login(admin)

    response = client.get(detail_url(draft))

    assertContains(response, draft.name)
    assertContains(response, "Camille Coach")
    assertContains(response, "Étape 2 sur 5")
    assertContains(response, 'data-fr-current-step="2"')
    assertContains(response, "Étape suivante :</span> Sélection")
    assertContains(response, "Brouillon → Appel ouvert")
    assertContains(response, "Aïcha Benali")
    assertContains(response, update_url(draft))
    assertContains(response, reverse("programmes:close_call_confirm", args=[draft.slug]))


def test_referents_see_the_close_call_button_but_not_the_edit_link(client, programme, le_havre):
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)

    response = client.get(detail_url(programme))

    assertContains(response, reverse("programmes:close_call_confirm", args=[programme.slug]))
    assertNotContains(response, update_url(programme))


def test_agents_see_the_programme_without_any_action(client, programme, le_havre):
    client.force_login(MembershipFactory(agent=True, collectivity=le_havre).user)

    response = client.get(detail_url(programme))

    assertContains(response, "Programme du Havre")
    assertNotContains(response, 'name="action"')
    assertNotContains(response, update_url(programme))


def test_only_admins_see_the_close_button(client, le_havre):
    programme = ProgrammeFactory(investigation=True, collectivities=[le_havre])
    referent = MembershipFactory(referent=True, collectivity=le_havre).user

    client.force_login(referent)
    assertNotContains(client.get(detail_url(programme)), 'value="close"')
    client.force_login(UserFactory(admin=True))
    assertContains(client.get(detail_url(programme)), 'value="close"')


@pytest.mark.parametrize("who", ["referent_elsewhere", "agent_elsewhere", "other_coach"])
def test_people_of_other_programmes_get_404(client, programme, who):
    if who == "referent_elsewhere":
        user = MembershipFactory(referent=True).user
    elif who == "agent_elsewhere":
        user = MembershipFactory(agent=True).user
    else:
        user = ProgrammeFactory(call_open=True).coach
    client.force_login(user)

    assert client.get(detail_url(programme)).status_code == 404
    assert client.get(update_url(programme)).status_code == 404


def test_members_get_404_on_draft_programmes(client, le_havre):
    draft = ProgrammeFactory(draft=True, collectivities=[le_havre])
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)

    assert client.get(detail_url(draft)).status_code == 404


# Create


def test_admins_create_a_programme_in_draft(client, le_havre):
    coach = UserFactory(anct=True)
    designer = UserFactory(admin=True)
    client.force_login(UserFactory(admin=True))

    response = client.post(
        reverse("programmes:programme_create"), form_data([le_havre], coach, designer)
    )

    programme = Programme.objects.get(slug="rouen-2027")
    assertRedirects(response, detail_url(programme))
    assert programme.status == Programme.Status.DRAFT
    assert list(programme.collectivities.all()) == [le_havre]
    assert (programme.coach, programme.designer) == (coach, designer)
    assert programme.call_opens_on == datetime.date(2027, 1, 4)
    assert programme.weekday == Programme.Weekday.THURSDAY


def test_the_form_offers_only_the_anct_team_as_coach_and_designer(client, le_havre):
    staff = UserFactory(admin=True, email="chef@example.org")
    anct = UserFactory(email="equipe@anct.gouv.fr")
    agent = MembershipFactory(collectivity=le_havre, user__email="agent@lehavre.fr").user
    client.force_login(staff)

    response = client.get(reverse("programmes:programme_create"))

    coaches = list(response.context["form"].fields["coach"].queryset)
    assert staff in coaches
    assert anct in coaches
    assert agent not in coaches
    assertContains(response, "Ville du Havre")
    assertContains(response, 'name="target_problems" value="6"')


def test_a_coach_outside_the_anct_team_is_refused(client, le_havre):
    outsider = UserFactory()
    client.force_login(UserFactory(admin=True))

    response = client.post(
        reverse("programmes:programme_create"), form_data([le_havre], outsider, outsider)
    )

    assertContains(response, "Sélectionnez un choix valide.")
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"call_closes_on": "2026-12-20"},
            "call_closes_on",
            "L’appel doit se clore après son ouverture, ou le même jour.",
        ),
        (
            {"investigation_starts_on": "2027-02-01"},
            "investigation_starts_on",
            "Les investigations doivent commencer après la clôture de l’appel.",
        ),
        ({"weeks": "8"}, "weeks", "Un programme dure au moins 9 semaines."),
        ({"weeks": "13"}, "weeks", "Un programme dure au plus 12 semaines."),
        ({"collectivities": []}, "collectivities", "Choisissez au moins une collectivité."),
        ({"slug": "nouveau"}, "slug", "Cet identifiant est réservé : choisissez-en un autre."),
    ],
)
def test_invalid_programmes_are_refused_in_french_next_to_the_field(
    client, le_havre, overrides, field, message
):
    team = UserFactory(anct=True)
    client.force_login(UserFactory(admin=True))
    data = {**form_data([le_havre], team, team), **overrides}

    response = client.post(reverse("programmes:programme_create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assertContains(response, 'role="alert"')
    assertContains(response, f'id="id_{field}_error"')
    assertContains(response, message)
    # What was typed stays in the form.
    assertContains(response, 'value="Programme de Rouen 2027"')
    assertContains(response, f'value="{data["call_opens_on"]}"')
    assert not Programme.objects.exists()


def test_a_used_slug_is_refused(client, programme, le_havre):
    team = UserFactory(anct=True)
    client.force_login(UserFactory(admin=True))

    response = client.post(
        reverse("programmes:programme_create"),
        form_data([le_havre], team, team, slug=programme.slug),
    )

    assertContains(response, "Un programme utilise déjà cet identifiant.")


def test_referents_may_not_create_programmes(client, le_havre):
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)

    assert client.get(reverse("programmes:programme_create")).status_code == 403


# Update


def test_admins_update_a_programme(client, programme, le_havre):
    client.force_login(UserFactory(admin=True))
    page = client.get(update_url(programme))
    data = form_data(
        [le_havre],
        programme.coach,
        programme.designer,
        slug=programme.slug,
        weeks="12",
        version=page.context["form"]["version"].value(),
    )

    response = client.post(update_url(programme), data)

    assertRedirects(response, detail_url(programme))
    programme.refresh_from_db()
    assert programme.weeks == 12
    assert programme.status == Programme.Status.CALL_OPEN


def test_two_admins_on_the_same_version_the_second_is_told_and_keeps_what_they_typed(
    client, programme, le_havre
):
    first, second = UserFactory(admin=True), UserFactory(admin=True)
    # Both open the form on version 1.
    client.force_login(second)
    version = client.get(update_url(programme)).context["form"]["version"].value()
    assert version == 1
    team = [le_havre], programme.coach, programme.designer
    client.force_login(first)
    client.post(
        update_url(programme),
        form_data(*team, slug=programme.slug, name="Le Havre, saison 2", version=version),
    )

    client.force_login(second)
    response = client.post(
        update_url(programme),
        form_data(*team, slug=programme.slug, weeks="12", target_problems="4", version=version),
    )

    assert response.status_code == 200
    assertContains(response, "Modification concurrente")
    assertContains(response, "a été modifié par quelqu’un d’autre depuis que vous avez ouvert")
    # The saved version is shown; the form keeps what the second admin typed, over it.
    assertContains(response, "La version enregistrée")
    assertContains(response, "Le Havre, saison 2")
    assertContains(response, 'name="weeks" value="12"')
    assertContains(response, 'name="target_problems" value="4"')
    assertContains(response, 'name="version" value="2"')
    programme.refresh_from_db()
    assert (programme.name, programme.weeks, programme.version) == ("Le Havre, saison 2", 10, 2)

    # Saving again, knowingly, goes over the version now shown.
    response = client.post(
        update_url(programme),
        form_data(*team, slug=programme.slug, weeks="12", version=2),
    )
    assertRedirects(response, detail_url(programme))
    programme.refresh_from_db()
    assert (programme.weeks, programme.version) == (12, 3)


def test_a_form_opened_before_a_transition_cannot_carry_the_old_status_back(
    client, programme, le_havre
):
    client.force_login(UserFactory(admin=True))
    version = client.get(update_url(programme)).context["form"]["version"].value()
    ProblemSubmissionFactory(programme=programme, submitted=True)
    programme_close_call(programme=programme, by=programme.coach)

    response = client.post(
        update_url(programme),
        form_data(
            [le_havre], programme.coach, programme.designer, slug=programme.slug, version=version
        ),
    )

    assertContains(response, "Modification concurrente")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SELECTION


def test_referents_may_not_update_their_programme(client, programme, le_havre):
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)

    assert client.get(update_url(programme)).status_code == 403


def test_the_selection_committee_is_sent_to_the_selection(client, le_havre):
    programme = ProgrammeFactory(selection=True, collectivities=[le_havre])
    selection_url = reverse("intrapreneurs:selection_list", args=[programme.slug])

    client.force_login(programme.designer)
    assertContains(client.get(detail_url(programme)), selection_url)
    client.force_login(MembershipFactory(agent=True, collectivity=le_havre).user)
    assertNotContains(client.get(detail_url(programme)), selection_url)


def test_members_are_sent_to_the_open_call(client, programme, le_havre):
    call_url = reverse("intrapreneurs:call_detail", args=[programme.slug])

    client.force_login(MembershipFactory(agent=True, collectivity=le_havre).user)
    assertContains(client.get(detail_url(programme)), call_url)
    client.force_login(programme.coach)
    assertNotContains(client.get(detail_url(programme)), call_url)


# What each role can act on at each step (issue 15, point 8)

LATER_EXPORTS = ["Journaux de bord", "Présences", "Conclusions"]


def test_during_the_call_the_committee_reads_the_submissions_and_nothing_of_later_steps(
    client, programme, le_havre
):
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)

    response = client.get(detail_url(programme))

    selection_url = reverse("intrapreneurs:selection_list", args=[programme.slug])
    assertContains(response, f'href="{selection_url}">Voir les problèmes déposés</a>')
    assertContains(response, "Problèmes déposés")  # its export
    for label in LATER_EXPORTS:
        assertNotContains(response, label)
    assertNotContains(response, "Rapport de fin de programme")
    assertNotContains(response, reverse("programmes:report_request", args=[programme.slug]))
    # Submitting is the agents' part, not the committee's.
    assertNotContains(response, reverse("intrapreneurs:call_detail", args=[programme.slug]))


def test_once_investigations_run_the_committee_gets_every_export_and_the_report(client, le_havre):
    programme = ProgrammeFactory(investigation=True, collectivities=[le_havre])
    client.force_login(MembershipFactory(referent=True, collectivity=le_havre).user)

    response = client.get(detail_url(programme))

    for label in LATER_EXPORTS:
        assertContains(response, label)
    assertContains(response, "Rapport de fin de programme")
    assertNotContains(response, "Voir les problèmes déposés")
