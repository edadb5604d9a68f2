import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from programmes.models import Collectivity, EmailDomain
from tests.factories import UserFactory
from tests.programmes.factories import (
    CollectivityFactory,
    EmailDomainFactory,
    InvitationFactory,
    MembershipFactory,
)


@pytest.fixture
def le_havre():
    return CollectivityFactory(name="Ville du Havre", domains=["lehavre.fr"])


def login(client, user):
    client.force_login(user)
    return user


def detail_url(collectivity):
    return reverse("programmes:collectivity_detail", args=[collectivity.pk])


def update_url(collectivity):
    return reverse("programmes:collectivity_update", args=[collectivity.pk])


def form_data(**overrides):
    data = {
        "name": "Ville de Rouen",
        "kind": Collectivity.Kind.COMMUNE,
        "siren": "217605401",
        "insee_code": "76540",
        "departement_code": "76",
        "domaines-TOTAL_FORMS": "2",
        "domaines-INITIAL_FORMS": "0",
        "domaines-MIN_NUM_FORMS": "0",
        "domaines-MAX_NUM_FORMS": "1000",
        "domaines-0-domain": "Rouen.FR",
        "domaines-1-domain": "",
    }
    data.update(overrides)
    return data


# List


def test_admins_see_every_collectivity(client, le_havre):
    login(client, UserFactory(admin=True))
    rouen = CollectivityFactory(name="Ville de Rouen")

    response = client.get(reverse("programmes:collectivity_list"))

    assertContains(response, "Ville du Havre")
    assertContains(response, "lehavre.fr")
    assertContains(response, rouen.name)
    assertContains(response, reverse("programmes:collectivity_create"))


def test_referents_see_only_their_collectivities(client, le_havre):
    login(client, MembershipFactory(referent=True, collectivity=le_havre).user)
    rouen = CollectivityFactory(name="Ville de Rouen")

    response = client.get(reverse("programmes:collectivity_list"))

    assertContains(response, "Ville du Havre")
    assertNotContains(response, rouen.name)
    assertNotContains(response, reverse("programmes:collectivity_create"))


def test_agents_may_not_list_collectivities(client, le_havre):
    login(client, MembershipFactory(agent=True, collectivity=le_havre).user)

    response = client.get(reverse("programmes:collectivity_list"))

    assert response.status_code == 403


def test_the_member_count_of_a_referent_counts_every_member(client, le_havre):
    login(client, MembershipFactory(referent=True, collectivity=le_havre).user)
    MembershipFactory.create_batch(2, collectivity=le_havre)

    response = client.get(reverse("programmes:collectivity_list"))

    assert [c.member_count for c in response.context["collectivities"]] == [3]


def test_anonymous_visitors_are_sent_to_the_login(client, le_havre):
    for url in [
        reverse("programmes:collectivity_list"),
        reverse("programmes:collectivity_create"),
        detail_url(le_havre),
        update_url(le_havre),
    ]:
        response = client.get(url)
        assertRedirects(response, f"{reverse('account_login')}?next={url}")


def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    admin = login(client, UserFactory(admin=True))

    def count_queries():
        # session, user, memberships, followed programmes and teams (menu roles),
        # collectivités with their member count, their email domains
        with django_assert_num_queries(7):
            response = client.get(reverse("programmes:collectivity_list"))
        assert response.status_code == 200

    CollectivityFactory(domains=["un.fr"])
    count_queries()
    for _ in range(10):
        collectivity = CollectivityFactory(domains=[])
        EmailDomainFactory.create_batch(2, collectivity=collectivity)
        MembershipFactory(collectivity=collectivity)
    MembershipFactory(user=admin)
    count_queries()


# Detail


def test_referents_see_members_domains_and_pending_invitations(client, le_havre):
    referent = MembershipFactory(
        referent=True, collectivity=le_havre, user__email="claire@lehavre.fr"
    ).user
    MembershipFactory(agent=True, collectivity=le_havre, user__email="paul@lehavre.fr")
    InvitationFactory(collectivity=le_havre, email="nouveau@lehavre.fr")
    InvitationFactory(collectivity=le_havre, email="perime@lehavre.fr", expired=True)
    InvitationFactory(collectivity=le_havre, email="deja@lehavre.fr", accepted=True)
    login(client, referent)

    response = client.get(detail_url(le_havre))

    assertContains(response, "claire@lehavre.fr")
    assertContains(response, "paul@lehavre.fr")
    assertContains(response, "Référent")
    assertContains(response, "lehavre.fr")
    assertContains(response, "nouveau@lehavre.fr")
    assertNotContains(response, "perime@lehavre.fr")
    assertNotContains(response, "deja@lehavre.fr")
    assertContains(response, reverse("programmes:invitation_create", args=[le_havre.pk]))
    assertNotContains(response, update_url(le_havre))


def test_admins_see_the_detail_with_the_edit_link(client, le_havre):
    login(client, UserFactory(admin=True))

    response = client.get(detail_url(le_havre))

    assertContains(response, update_url(le_havre))


@pytest.mark.parametrize("role", ["agent", "referent_elsewhere"])
def test_agents_and_other_referents_get_404_on_the_detail(client, le_havre, role):
    if role == "agent":
        user = MembershipFactory(agent=True, collectivity=le_havre).user
    else:
        user = MembershipFactory(referent=True).user
    login(client, user)

    response = client.get(detail_url(le_havre))

    assert response.status_code == 404


# Create and update


def test_admins_create_a_collectivity_with_its_domains(client):
    login(client, UserFactory(admin=True))

    response = client.post(reverse("programmes:collectivity_create"), form_data())

    rouen = Collectivity.objects.get(siren="217605401")
    assertRedirects(response, detail_url(rouen))
    assert list(rouen.email_domains.values_list("domain", flat=True)) == ["rouen.fr"]


def test_referents_may_not_create_collectivities(client, le_havre):
    login(client, MembershipFactory(referent=True, collectivity=le_havre).user)

    response = client.get(reverse("programmes:collectivity_create"))

    assert response.status_code == 403


def test_errors_are_in_french_next_to_their_field_and_keep_what_was_typed(client):
    login(client, UserFactory(admin=True))

    response = client.post(
        reverse("programmes:collectivity_create"),
        form_data(siren="217605402", **{"domaines-0-domain": "pas un domaine"}),
    )

    assert response.status_code == 200
    assertContains(response, 'role="alert"')
    assertContains(response, "Ce SIREN n’est pas valide (la clé de contrôle ne correspond pas).")
    assertContains(response, 'id="id_siren_error"')
    assertContains(response, 'aria-describedby="id_siren_helptext id_siren_error"')
    assertContains(response, 'value="217605402"')
    assertContains(response, "Saisissez un nom de domaine, par exemple « lehavre.fr ».")
    assertContains(response, 'value="pas un domaine"')
    assert not Collectivity.objects.filter(name="Ville de Rouen").exists()


def test_a_domain_of_another_collectivity_is_refused(client, le_havre):
    login(client, UserFactory(admin=True))

    response = client.post(
        reverse("programmes:collectivity_create"), form_data(**{"domaines-0-domain": "LeHavre.fr"})
    )

    assertContains(response, "Ce domaine appartient déjà à une collectivité.")
    assert not Collectivity.objects.filter(siren="217605401").exists()


def test_the_same_domain_twice_is_refused(client):
    login(client, UserFactory(admin=True))

    response = client.post(
        reverse("programmes:collectivity_create"),
        form_data(**{"domaines-0-domain": "rouen.fr", "domaines-1-domain": "ROUEN.fr"}),
    )

    assertContains(response, "Un même domaine est saisi deux fois.")


def test_admins_update_a_collectivity_and_add_and_remove_domains(client, le_havre):
    login(client, UserFactory(admin=True))
    old = le_havre.email_domains.get()
    data = form_data(
        name="Ville du Havre",
        siren=le_havre.siren,
        version=le_havre.version,
        **{
            "domaines-INITIAL_FORMS": "1",
            "domaines-0-id": str(old.pk),
            "domaines-0-domain": "lehavre.fr",
            "domaines-0-DELETE": "on",
            "domaines-1-domain": "Le-Havre.fr",
        },
    )

    response = client.post(update_url(le_havre), data)

    assertRedirects(response, detail_url(le_havre))
    assert list(EmailDomain.objects.values_list("domain", flat=True)) == ["le-havre.fr"]
    le_havre.refresh_from_db()
    assert le_havre.insee_code == "76540"


def edit_data(collectivity, **overrides):
    """The update form as it was opened on `collectivity`, with `overrides` typed over."""
    domain = collectivity.email_domains.get()
    data = form_data(
        name=collectivity.name,
        siren=collectivity.siren,
        version=collectivity.version,
        **{
            "domaines-INITIAL_FORMS": "1",
            "domaines-0-id": str(domain.pk),
            "domaines-0-domain": domain.domain,
        },
    )
    data.update(overrides)
    return data


def test_an_update_claims_the_next_version(client, le_havre):
    login(client, UserFactory(admin=True))
    assertContains(client.get(update_url(le_havre)), 'name="version" value="1"')

    response = client.post(update_url(le_havre), edit_data(le_havre, departement_code="2A"))

    assertRedirects(response, detail_url(le_havre))
    le_havre.refresh_from_db()
    assert (le_havre.departement_code, le_havre.version) == ("2A", 2)


def test_two_admins_on_the_same_version_the_second_is_told_and_keeps_what_they_typed(
    client, le_havre
):
    first, second = UserFactory(admin=True), UserFactory(admin=True)
    # Both open the form on version 1.
    first_data = edit_data(
        le_havre, name="Ville du Havre (Seine-Maritime)", **{"domaines-1-domain": "havre.fr"}
    )
    second_data = edit_data(le_havre, insee_code="76351", **{"domaines-1-domain": "lh.fr"})
    login(client, first)
    assertRedirects(client.post(update_url(le_havre), first_data), detail_url(le_havre))

    login(client, second)
    response = client.post(update_url(le_havre), second_data)

    assert response.status_code == 200
    assertContains(response, "Modification concurrente")
    assertContains(response, "a été modifié par quelqu’un d’autre depuis que vous avez ouvert")
    # The saved version is shown next to what the second admin typed, which is kept,
    # over the version they are now shown.
    assertContains(response, "La version enregistrée")
    assertContains(response, "Ville du Havre (Seine-Maritime)")
    assertContains(response, 'value="76351"')
    assertContains(response, 'value="lh.fr"')
    assertContains(response, 'name="version" value="2"')
    # Nothing of the first save is lost, nothing of the second is saved.
    le_havre.refresh_from_db()
    assert (le_havre.name, le_havre.insee_code, le_havre.version) == (
        "Ville du Havre (Seine-Maritime)",
        "76540",
        2,
    )
    assert sorted(le_havre.email_domains.values_list("domain", flat=True)) == [
        "havre.fr",
        "lehavre.fr",
    ]

    # Saving again, knowingly, goes over the version now shown.
    assertRedirects(client.post(update_url(le_havre), typed_again(response)), detail_url(le_havre))
    le_havre.refresh_from_db()
    assert (le_havre.insee_code, le_havre.version) == ("76351", 3)


def typed_again(response) -> dict:
    """The data of the form shown back, as the browser would post it again."""
    form, formset = response.context["form"], response.context["formset"]
    return {**form.data.dict(), **formset.data.dict()}


def test_a_domain_deleted_meanwhile_is_shown_back_as_a_new_row_that_can_be_saved(client, le_havre):
    login(client, UserFactory(admin=True))
    data = edit_data(le_havre, name="Ville du Havre (76)")
    deleted = edit_data(le_havre, **{"domaines-0-DELETE": "on"})
    assertRedirects(client.post(update_url(le_havre), deleted), detail_url(le_havre))

    response = client.post(update_url(le_havre), data)

    assertContains(response, "Modification concurrente")
    assertContains(response, 'value="lehavre.fr"')
    assert not response.context["formset"].initial_form_count()
    assert not EmailDomain.objects.exists()
    assertRedirects(client.post(update_url(le_havre), typed_again(response)), detail_url(le_havre))
    le_havre.refresh_from_db()
    assert le_havre.name == "Ville du Havre (76)"
    assert list(le_havre.email_domains.values_list("domain", flat=True)) == ["lehavre.fr"]


def test_an_update_without_the_version_is_refused(client, le_havre):
    login(client, UserFactory(admin=True))
    data = edit_data(le_havre, name="Autre nom")
    del data["version"]

    response = client.post(update_url(le_havre), data)

    assertContains(response, "Modification concurrente")
    le_havre.refresh_from_db()
    assert le_havre.name == "Ville du Havre"


def test_the_update_form_shows_the_current_domains(client, le_havre):
    login(client, UserFactory(admin=True))

    response = client.get(update_url(le_havre))

    assertContains(response, 'value="lehavre.fr"')


def test_referents_may_not_update_their_collectivity(client, le_havre):
    login(client, MembershipFactory(referent=True, collectivity=le_havre).user)

    response = client.post(update_url(le_havre), form_data(name="Autre nom"))

    assert response.status_code == 403
    le_havre.refresh_from_db()
    assert le_havre.name == "Ville du Havre"


def test_referents_of_another_collectivity_get_404_on_update(client, le_havre):
    login(client, MembershipFactory(referent=True).user)

    response = client.get(update_url(le_havre))

    assert response.status_code == 404
