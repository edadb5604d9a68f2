"""The conclusion: the team writes it with its figures and proposals; others read it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from investigations.models import Conclusion, ConclusionFigure, Proposal
from investigations.services import conclusion_save
from programmes.models import Programme
from tests.factories import UserFactory
from tests.investigations.factories import InvestigationFactory
from tests.programmes.factories import MembershipFactory


def member(investigation):
    return investigation.team.order_by("pk").first()


def url(investigation):
    return reverse("investigations:conclusion", args=[investigation.pk])


def rows(prefix, items, initial=0):
    """Formset data: `items` are dicts of a row's fields (with "id" for a saved row)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        for name, value in item.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def conclusion_data(figures=(), proposals=(), **overrides):
    data = {
        "problem_confirmed": "partly",
        "summary": "Un rendez-vous sur quatre n’est pas honoré.",
        "recommendation": "build_digital",
        "next_steps": "Présenter au comité de direction.",
        "version": "",
        **rows("chiffres", list(figures) or [{"figure": "", "source": ""}]),
        **rows("propositions", list(proposals) or [{"description": "", "kind": ""}]),
    }
    data.update(overrides)
    return data


def saved_conclusion(investigation, **fields):
    conclusion = Conclusion(
        investigation=investigation,
        problem_confirmed="yes",
        summary="Le problème est réel.",
        recommendation="change_organisation",
        **fields,
    )
    return conclusion_save(conclusion=conclusion, by=member(investigation))


class TestWriting:
    def test_the_team_writes_the_conclusion_with_figures_and_proposals(self, client, investigation):
        client.force_login(member(investigation))
        assertContains(client.get(url(investigation)), 'name="chiffres-1-source"')

        response = client.post(
            url(investigation),
            conclusion_data(
                figures=[
                    {"figure": "1 200 rendez-vous manqués par an", "source": "Agenda du CCAS"},
                    {"figure": "", "source": ""},
                ],
                proposals=[
                    {"description": "Rappel par SMS la veille", "kind": "digital"},
                    {"description": "Créneaux sans rendez-vous", "kind": "organisational"},
                ],
            ),
        )

        assert response.status_code == 302
        conclusion = Conclusion.objects.get(investigation=investigation)
        assert conclusion.problem_confirmed == "partly"
        assert list(conclusion.authors.all()) == [member(investigation)]
        assert list(conclusion.figures.values_list("figure", "source")) == [
            ("1 200 rendez-vous manqués par an", "Agenda du CCAS")
        ]
        assert list(conclusion.proposals.values_list("kind", flat=True)) == [
            "digital",
            "organisational",
        ]
        response = client.get(url(investigation))
        assertContains(response, 'name="version" value="1"')
        assertContains(response, "Agenda du CCAS")

    def test_the_team_edits_removes_and_adds_rows(self, client, investigation):
        conclusion = saved_conclusion(investigation)
        old = ConclusionFigure.objects.create(conclusion=conclusion, figure="10 %", source="X")
        kept = Proposal.objects.create(conclusion=conclusion, description="SMS", kind="digital")
        second = investigation.team.order_by("pk").last()
        client.force_login(second)

        response = client.post(
            url(investigation),
            {
                **conclusion_data(version="1", recommendation="investigate_further"),
                **rows(
                    "chiffres",
                    [
                        {"id": str(old.pk), "figure": "10 %", "source": "X", "DELETE": "on"},
                        {"figure": "25 %", "source": "Enquête auprès de 80 usagers"},
                    ],
                    initial=1,
                ),
                **rows(
                    "propositions",
                    [{"id": str(kept.pk), "description": "SMS la veille", "kind": "digital"}],
                    initial=1,
                ),
            },
        )

        assert response.status_code == 302
        conclusion.refresh_from_db()
        assert (conclusion.recommendation, conclusion.version) == ("investigate_further", 2)
        assert list(conclusion.figures.values_list("figure", flat=True)) == ["25 %"]
        assert list(conclusion.proposals.values_list("description", flat=True)) == ["SMS la veille"]
        assert set(conclusion.authors.all()) == {member(investigation), second}

    def test_errors_are_shown_at_their_field_and_nothing_typed_is_lost(self, client, investigation):
        client.force_login(member(investigation))

        response = client.post(
            url(investigation),
            conclusion_data(
                summary="",
                figures=[{"figure": "300 absences par mois", "source": ""}],
                proposals=[{"description": "Un agenda partagé", "kind": ""}],
            ),
        )

        assertContains(response, "Le formulaire contient des erreurs")
        for message in (
            "Résumez ce que l’investigation a établi.",
            "Indiquez la source de ce chiffre.",
            "Dites si la proposition est numérique, organisationnelle ou autre.",
        ):
            assertContains(response, message, count=2)
        # The summary says which row is wrong.
        assertContains(response, "Source du chiffre n° 1 : Indiquez la source de ce chiffre.")
        assertContains(response, 'value="300 absences par mois"')
        assertContains(response, "Un agenda partagé</textarea>")
        assertContains(response, "Présenter au comité de direction.</textarea>")
        assertContains(response, 'value="partly" checked')
        assert not Conclusion.objects.exists()

    def test_concurrent_edits_are_detected_and_the_typed_text_kept(self, client, investigation):
        first, second = investigation.team.order_by("pk")
        conclusion = saved_conclusion(investigation)
        conclusion.summary = "Version du premier"
        conclusion_save(conclusion=conclusion, by=first, expected_version=1)
        client.force_login(second)

        response = client.post(
            url(investigation),
            conclusion_data(
                version="1",
                summary="Version du second",
                figures=[{"figure": "40 %", "source": "Tableau de bord"}],
            ),
        )

        assertContains(response, "Modification concurrente")
        assertContains(response, "Version du premier")
        assertContains(response, "Version du second</textarea>")
        assertContains(response, 'value="Tableau de bord"')
        assertContains(response, 'name="version" value="2"')
        conclusion.refresh_from_db()
        assert conclusion.summary == "Version du premier"
        assert not conclusion.figures.exists()

    def test_a_conclusion_created_meanwhile_is_not_overwritten(self, client, investigation):
        first, second = investigation.team.order_by("pk")
        client.force_login(second)
        # The second member opened the blank form; the first saved a conclusion since.
        saved_conclusion(investigation)

        response = client.post(url(investigation), conclusion_data(summary="Du second"))

        assertContains(response, "Modification concurrente")
        assertContains(response, "Du second</textarea>")
        assert Conclusion.objects.get().summary == "Le problème est réel."


class TestAccess:
    @pytest.mark.parametrize("role", ["coach", "designer", "admin", "referent"])
    def test_others_read_the_conclusion_and_cannot_post(self, client, investigation, role):
        conclusion = saved_conclusion(investigation)
        ConclusionFigure.objects.create(
            conclusion=conclusion, figure="1 200 par an", source="Agenda"
        )
        Proposal.objects.create(conclusion=conclusion, description="Rappel SMS", kind="digital")
        programme = investigation.programme
        users = {"coach": programme.coach, "designer": programme.designer}
        if role == "admin":
            users[role] = UserFactory(admin=True)
        elif role == "referent":
            collectivity = programme.collectivities.get()
            users[role] = MembershipFactory(referent=True, collectivity=collectivity).user
        client.force_login(users[role])

        response = client.get(url(investigation))
        assertContains(response, "Le problème est réel.")
        assertContains(response, "1 200 par an")
        assertContains(response, "Numérique")
        assertContains(response, "les intrapreneurs de l’équipe la rédigent")
        assertNotContains(response, 'name="summary"')

        response = client.post(url(investigation), conclusion_data(version="1"))
        assert response.status_code == 403
        assert Conclusion.objects.get().summary == "Le problème est réel."

    @pytest.mark.parametrize("role", ["other_team", "other_collectivity"])
    def test_outsiders_get_404(self, client, investigation, role):
        if role == "other_team":
            user = member(InvestigationFactory(programme=investigation.programme))
        else:
            user = MembershipFactory(referent=True).user
        client.force_login(user)

        assert client.get(url(investigation)).status_code == 404
        assert client.post(url(investigation), conclusion_data()).status_code == 404
        assert not Conclusion.objects.exists()

    def test_anonymous_visitors_are_sent_to_the_login(self, client, investigation):
        response = client.get(url(investigation))

        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))

    def test_a_closed_programme_locks_the_conclusion(self, client, investigation):
        Programme.objects.filter(pk=investigation.programme_id).update(
            status=Programme.Status.CLOSED
        )
        client.force_login(member(investigation))

        response = client.get(url(investigation))
        assertContains(response, "Le programme est clos")
        assertNotContains(response, 'name="summary"')

        response = client.post(
            url(investigation),
            conclusion_data(figures=[{"figure": "Écrit trop tard", "source": "Moi"}]),
        )
        assertContains(response, "Enregistrement refusé")
        assertContains(response, "Écrit trop tard")
        assert not Conclusion.objects.exists()
