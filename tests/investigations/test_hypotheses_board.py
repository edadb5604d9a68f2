"""The hypothesis board: who reads it, who writes it, and what its history keeps."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from investigations.models import Hypothesis
from investigations.services import hypothesis_add, hypothesis_update
from programmes.models import Programme
from tests.factories import UserFactory
from tests.investigations.factories import HypothesisFactory, InvestigationFactory
from tests.programmes.factories import MembershipFactory


def member(investigation):
    return investigation.team.order_by("pk").first()


def reader(role, investigation):
    """Those who see the investigation without writing its hypotheses."""
    programme = investigation.programme
    if role == "coach":
        return programme.coach
    if role == "designer":
        return programme.designer
    if role == "admin":
        return UserFactory(admin=True)
    return MembershipFactory(referent=True, collectivity=programme.collectivities.get()).user


def outsider(role, investigation):
    """Those who must not know the investigation exists."""
    if role == "other_team":
        return member(InvestigationFactory(programme=investigation.programme))
    return MembershipFactory(referent=True).user


def board_url(investigation):
    return reverse("investigations:hypothesis_board", args=[investigation.pk])


def update_url(hypothesis):
    return reverse(
        "investigations:hypothesis_update", args=[hypothesis.investigation_id, hypothesis.pk]
    )


def current_week(investigation):
    return investigation.current_week(list(investigation.sessions.order_by("week")))


def close(investigation):
    Programme.objects.filter(pk=investigation.programme_id).update(status=Programme.Status.CLOSED)


class TestAccess:
    def test_a_team_member_sees_the_board_and_the_add_form(self, client, investigation):
        hypothesis_add(
            investigation=investigation, statement="Les usagers oublient", by=member(investigation)
        )
        client.force_login(member(investigation))

        response = client.get(board_url(investigation))

        assertContains(response, "Les usagers oublient")
        assertContains(response, "Ajouter au tableau")
        assertContains(response, "Faire évoluer")

    @pytest.mark.parametrize("role", ["coach", "designer", "admin", "referent"])
    def test_readers_see_the_board_without_forms_and_cannot_post(self, client, investigation, role):
        HypothesisFactory(investigation=investigation, statement="Les usagers oublient")
        client.force_login(reader(role, investigation))

        response = client.get(board_url(investigation))
        assertContains(response, "Les usagers oublient")
        assertContains(response, "seuls les intrapreneurs de l’équipe")
        assertNotContains(response, "Ajouter au tableau")
        assertNotContains(response, "Faire évoluer")

        response = client.post(board_url(investigation), {"statement": "Intrusion"})
        assert response.status_code == 403
        assert not Hypothesis.objects.filter(statement="Intrusion").exists()

    @pytest.mark.parametrize("role", ["coach", "referent"])
    def test_readers_cannot_change_a_hypothesis(self, client, investigation, role):
        hypothesis = HypothesisFactory(investigation=investigation)
        client.force_login(reader(role, investigation))

        response = client.get(update_url(hypothesis))
        assertContains(response, hypothesis.statement)
        assertNotContains(response, '<form method="post" action="' + update_url(hypothesis))

        response = client.post(
            update_url(hypothesis), {"status": "validated", "evidence": "", "version": 1}
        )
        assert response.status_code == 403
        hypothesis.refresh_from_db()
        assert hypothesis.status == Hypothesis.Status.TO_TEST

    @pytest.mark.parametrize("role", ["other_team", "other_collectivity"])
    def test_outsiders_get_404(self, client, investigation, role):
        hypothesis = HypothesisFactory(investigation=investigation)
        client.force_login(outsider(role, investigation))

        assert client.get(board_url(investigation)).status_code == 404
        assert client.post(board_url(investigation), {"statement": "x"}).status_code == 404
        assert client.get(update_url(hypothesis)).status_code == 404
        assert not Hypothesis.objects.filter(statement="x").exists()

    def test_anonymous_visitors_are_sent_to_the_login(self, client, investigation):
        hypothesis = HypothesisFactory(investigation=investigation)

        for url in (board_url(investigation), update_url(hypothesis)):
            response = client.get(url)
            assert response.status_code == 302
            assert response.url.startswith(reverse("account_login"))

    def test_a_hypothesis_of_another_investigation_is_a_404(self, client, investigation):
        elsewhere = HypothesisFactory(investigation=InvestigationFactory())
        client.force_login(member(investigation))

        url = reverse("investigations:hypothesis_update", args=[investigation.pk, elsewhere.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"status": "validated", "version": 1}).status_code == 404


class TestWriting:
    def test_a_team_member_adds_a_hypothesis_to_test(self, client, investigation):
        author = member(investigation)
        client.force_login(author)

        response = client.post(
            board_url(investigation),
            {"statement": "  Les usagers oublient leur rendez-vous  ", "evidence": "Agenda"},
        )

        hypothesis = Hypothesis.objects.get()
        assert response.status_code == 302
        assert response.url == board_url(investigation) + f"#hypothese-{hypothesis.pk}"
        assert hypothesis.statement == "Les usagers oublient leur rendez-vous"
        assert hypothesis.status == Hypothesis.Status.TO_TEST
        change = hypothesis.changes.get()
        assert (change.week, change.author) == (current_week(investigation), author)

    def test_an_empty_statement_is_refused_in_french_at_the_field(self, client, investigation):
        client.force_login(member(investigation))

        response = client.post(board_url(investigation), {"statement": "   ", "evidence": "Vu"})

        assertContains(response, "Le formulaire contient des erreurs")
        assertContains(response, "Écrivez l’hypothèse à tester.", count=2)
        assertContains(response, "Vu</textarea>")
        assert not Hypothesis.objects.exists()

    def test_a_status_change_is_kept_with_its_week_and_author(self, client, investigation):
        first, second = investigation.team.order_by("pk")
        hypothesis = hypothesis_add(investigation=investigation, statement="Oubli", by=first)
        client.force_login(second)

        response = client.post(
            update_url(hypothesis),
            {"status": "invalidated", "evidence": "Les SMS n’y changent rien", "version": 1},
        )

        assert response.status_code == 302
        change = hypothesis.changes.order_by("pk").last()
        assert (change.from_status, change.to_status) == ("to_test", "invalidated")
        assert (change.week, change.author) == (current_week(investigation), second)
        response = client.get(board_url(investigation))
        assertContains(response, f"Semaine {change.week} :")
        assertContains(response, "À tester → Invalidée")
        assertContains(response, second.get_full_name())

    def test_an_evidence_only_edit_leaves_the_history_alone(self, client, investigation):
        hypothesis = hypothesis_add(
            investigation=investigation, statement="Oubli", by=member(investigation)
        )
        client.force_login(member(investigation))

        client.post(
            update_url(hypothesis),
            {"status": "to_test", "evidence": "Trois entretiens le confirment", "version": 1},
        )

        hypothesis.refresh_from_db()
        assert hypothesis.evidence == "Trois entretiens le confirment"
        assert hypothesis.changes.count() == 1

    def test_a_status_outside_the_choices_is_refused(self, client, investigation):
        hypothesis = HypothesisFactory(investigation=investigation)
        client.force_login(member(investigation))

        response = client.post(
            update_url(hypothesis), {"status": "perhaps", "evidence": "Gardé", "version": 1}
        )

        assertContains(response, "Le formulaire contient des erreurs")
        assertContains(response, "Gardé</textarea>")
        hypothesis.refresh_from_db()
        assert hypothesis.status == Hypothesis.Status.TO_TEST

    def test_concurrent_edits_are_detected_and_the_typed_text_kept(self, client, investigation):
        first, second = investigation.team.order_by("pk")
        hypothesis = hypothesis_add(investigation=investigation, statement="Oubli", by=first)
        # The first member saves while the second still has the form opened on version 1.
        hypothesis_update(
            hypothesis=hypothesis,
            status="validated",
            evidence="Preuve du premier",
            by=first,
            expected_version=1,
        )
        client.force_login(second)

        response = client.post(
            update_url(hypothesis),
            {"status": "invalidated", "evidence": "Preuve du second", "version": 1},
        )

        assert response.status_code == 200
        assertContains(response, "Modification concurrente")
        assertContains(response, "Preuve du premier")
        assertContains(response, "Preuve du second</textarea>")
        assertContains(response, 'name="version" value="2"')
        hypothesis.refresh_from_db()
        assert (hypothesis.status, hypothesis.evidence) == ("validated", "Preuve du premier")
        assert hypothesis.changes.count() == 2

    def test_a_closed_programme_makes_the_board_read_only(self, client, investigation):
        hypothesis = HypothesisFactory(investigation=investigation)
        close(investigation)
        client.force_login(member(investigation))

        response = client.get(board_url(investigation))
        assertContains(response, "Le programme est clos")
        assertNotContains(response, "Ajouter au tableau")

        response = client.post(board_url(investigation), {"statement": "Trop tard"})
        assertContains(response, "Enregistrement refusé")
        assertContains(response, "Trop tard")
        response = client.post(
            update_url(hypothesis), {"status": "validated", "evidence": "Tard", "version": 1}
        )
        assertContains(response, "Enregistrement refusé")
        assert not Hypothesis.objects.filter(statement="Trop tard").exists()
        hypothesis.refresh_from_db()
        assert hypothesis.status == Hypothesis.Status.TO_TEST


def test_the_board_runs_a_fixed_number_of_queries(client, investigation, django_assert_num_queries):
    first, second = investigation.team.order_by("pk")
    client.force_login(first)

    def add_hypotheses(count):
        for index in range(count):
            hypothesis = hypothesis_add(
                investigation=investigation, statement=f"Hypothèse {index}", by=first
            )
            hypothesis_update(
                hypothesis=hypothesis,
                status=["validated", "invalidated", "to_test"][index % 3],
                evidence="Observé",
                by=second,
                expected_version=1,
            )

    def count_queries(expected):
        # session, user, the investigation with its programme and problem, team membership,
        # the hypotheses, their changes with their authors; the menu: the user's
        # memberships, the programmes they follow, whether they are on a team.
        with django_assert_num_queries(9):
            response = client.get(board_url(investigation))
        assert sum(len(hypotheses) for _, _, hypotheses in response.context["columns"]) == expected
        assertContains(response, "ajoutée, à tester", count=expected)

    add_hypotheses(2)
    count_queries(2)
    add_hypotheses(25)
    count_queries(27)
