"""CSV exports: a file French spreadsheets open as they should (BOM, `;`, French dates and
decimals), no formula run from user text, each kind's values against known data, access
per role, and a query count that does not grow with the data."""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from investigations.models import (
    Attendance,
    CommitteeReview,
    Conclusion,
    ConclusionFigure,
    LogFigure,
    Proposal,
)
from programmes.models import Programme
from reports import exports
from tests.factories import UserFactory
from tests.intrapreneurs.factories import (
    CandidacyFactory,
    ProblemSubmissionFactory,
    SelectionReviewFactory,
)
from tests.investigations.factories import InvestigationFactory, WeeklyLogFactory, session_of
from tests.programmes.factories import CollectivityFactory, MembershipFactory, ProgrammeFactory

PARIS = ZoneInfo("Europe/Paris")
TODAY = datetime.datetime(2026, 3, 6, 12, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def le_havre():
    return CollectivityFactory(name="Ville du Havre")


@pytest.fixture
def programme(le_havre):
    return ProgrammeFactory(
        investigation=True,
        name="Le Havre — vague 1",
        slug="le-havre-vague-1",
        collectivities=[le_havre],
    )


@pytest.fixture
def team(le_havre):
    """Two intrapreneurs, agents of the Havre, with accents in their names."""
    members = [
        UserFactory(first_name="Élodie", last_name="Lefèvre"),
        UserFactory(first_name="Bruno", last_name="Martin"),
    ]
    for member in members:
        MembershipFactory(user=member, collectivity=le_havre)
    return members


def investigate(programme, members, title, *, with_outcome=True):
    """An investigation with a reviewed submission, a log with two figures, the first
    week's attendance, and (with_outcome) a conclusion and a committee decision."""
    submission = ProblemSubmissionFactory(
        programme=programme,
        selected=True,
        title=title,
        service="Centre communal d’action sociale",
        submitted_at=datetime.datetime(2026, 1, 10, 9, 30, tzinfo=PARIS),
    )
    SelectionReviewFactory(
        submission=submission, impact_score=4, scale_score=3, feasibility_score=3
    )
    SelectionReviewFactory(
        submission=submission, impact_score=5, scale_score=4, feasibility_score=4
    )
    investigation = InvestigationFactory(
        programme=programme, submission=submission, members=members
    )
    log = WeeklyLogFactory(
        investigation=investigation,
        week=1,
        submitted=True,
        hours_spent=Decimal("6.5"),
        usagers_met=4,
        agents_met=2,
        partners_met=1,
        key_learnings="Les usagers âgés préfèrent être rappelés la veille.",
        help_request="Un contact à la CAF.",
        authors=members,
    )
    LogFigure.objects.create(log=log, figure="32 % de rendez-vous manqués", source="agenda, 2025")
    LogFigure.objects.create(log=log, figure="1 200 rendez-vous par an", source="registre")
    session = session_of(investigation, 1)
    for member, status in zip(
        members, [Attendance.Status.PRESENT, Attendance.Status.EXCUSED], strict=False
    ):
        Attendance.objects.create(session=session, user=member, status=status)
    if with_outcome:
        conclusion = Conclusion.objects.create(
            investigation=investigation,
            problem_confirmed=Conclusion.Confirmed.YES,
            summary="Un rendez-vous sur quatre est manqué, faute de rappel.",
            recommendation=Conclusion.Recommendation.BUILD_DIGITAL,
            next_steps="Tester des rappels par SMS.",
        )
        ConclusionFigure.objects.create(
            conclusion=conclusion, figure="25 % de rendez-vous manqués", source="CCAS, 2025"
        )
        Proposal.objects.create(
            conclusion=conclusion,
            description="Des rappels par SMS",
            kind=Proposal.Kind.DIGITAL,
        )
        Proposal.objects.create(
            conclusion=conclusion,
            description="Un accueil sans rendez-vous le lundi",
            kind=Proposal.Kind.ORGANISATIONAL,
        )
        CommitteeReview.objects.create(
            investigation=investigation,
            decision=CommitteeReview.Decision.BUILD,
            decision_notes="Un besoin net et mesuré.",
            decided_on=datetime.date(2026, 4, 2),
        )
    return investigation


@pytest.fixture
def investigation(programme, team):
    return investigate(programme, list(team), "Les rendez-vous manqués du CCAS")


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def parse(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


def programme_url(programme, kind):
    return reverse("programmes:programme_export", args=[programme.slug, kind])


def as_dicts(rows):
    headers, *lines = rows
    return [dict(zip(headers, line, strict=True)) for line in lines]


# The file format


def test_the_file_has_a_bom_semicolons_and_crlf_line_endings(client, programme, investigation):
    client.force_login(programme.coach)

    response, content = download(client, programme_url(programme, "submissions"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.startswith("Programme;Problème;Collectivité;")
    assert text.endswith("\r\n")
    assert text.count("\r\n") == 2  # the header and one submission


def test_the_file_name_names_the_programme_the_kind_and_the_day(client, programme, investigation):
    client.force_login(programme.coach)

    response, _content = download(client, programme_url(programme, "logs"))

    assert response["Content-Disposition"] == (
        'attachment; filename="le-havre-vague-1-journaux-2026-03-06.csv"'
    )


def test_accents_round_trip(client, programme, investigation):
    client.force_login(programme.coach)

    _response, content = download(client, programme_url(programme, "logs"))

    [log] = as_dicts(parse(content))
    assert log["Programme"] == "Le Havre — vague 1"
    assert log["Principaux apprentissages"] == "Les usagers âgés préfèrent être rappelés la veille."
    assert log["Auteurs"] == "Élodie Lefèvre | Bruno Martin"


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://exemple.org")',
        "+33 6 12 34 56 78",
        "-2+3",
        "@SUM(A1:A2)",
        "\tcaché",
        "\rcaché",
    ],
)
def test_a_cell_that_would_run_a_formula_is_prefixed_with_a_quote(
    client, programme, investigation, text
):
    investigation.submission.title = text
    investigation.submission.save()
    log = investigation.logs.get()
    log.key_learnings = text
    log.save()
    client.force_login(programme.coach)

    _response, submissions = download(client, programme_url(programme, "submissions"))
    _response, logs = download(client, programme_url(programme, "logs"))

    assert as_dicts(parse(submissions))[0]["Problème"] == "'" + text
    assert as_dicts(parse(logs))[0]["Principaux apprentissages"] == "'" + text


def test_a_harmless_text_is_left_as_it_is():
    assert exports.cell("Rendez-vous = 25 %") == "Rendez-vous = 25 %"
    assert exports.cell(Decimal("-1.5")) == "-1,5"  # a number, not user text


def test_write_csv_writes_the_same_file_to_a_stream(programme, investigation):
    stream = io.StringIO(newline="")

    exports.write_csv("attendance", Programme.objects.filter(pk=programme.pk), stream)

    assert stream.getvalue().startswith("\ufeffProgramme;Investigation;Semaine;")
    assert len(parse(stream.getvalue().encode())) == 3


def test_write_csv_refuses_an_unknown_kind(programme):
    with pytest.raises(ValueError, match="budget"):
        exports.write_csv("budget", [programme], io.StringIO())


# Each kind's columns and values


def test_submissions_have_their_review_average_and_count(client, programme, investigation):
    ProblemSubmissionFactory(programme=programme)  # a draft: its author's only
    client.force_login(programme.coach)

    _response, content = download(client, programme_url(programme, "submissions"))

    submission = investigation.submission
    assert as_dicts(parse(content)) == [
        {
            "Programme": "Le Havre — vague 1",
            "Problème": "Les rendez-vous manqués du CCAS",
            "Collectivité": "Ville du Havre",
            "Service": "Centre communal d’action sociale",
            "Le problème": submission.problem,
            "Qui est concerné": submission.affected_users,
            "Ce que cela coûte aujourd’hui": submission.current_cost,
            "Les éléments disponibles": submission.evidence,
            "Comment il est traité aujourd’hui": submission.current_handling,
            "Déposé par": str(submission.author),
            "Adresse électronique": submission.author.email,
            "Statut": "Retenu",
            "Soumis le": "10/01/2026 09:30",
            "Modifié le": "06/03/2026 12:00",
            # (3.33 + 4.33) / 2
            "Moyenne des évaluations": "3,83",
            "Nombre d’évaluations": "2",
        }
    ]


def test_candidacies_have_the_motivation_the_manager_and_the_team(
    client, programme, investigation, team
):
    first = ProblemSubmissionFactory(programme=programme, submitted=True, title="Accueil")
    candidacy = CandidacyFactory(
        programme=programme,
        agent=team[0],
        motivation="Je connais ces usagers.",
        manager_name="Claire Martin",
        manager_email="claire.martin@lehavre.fr",
        manager_agrees=False,
        preferred_problems=[investigation.submission, first],
    )
    investigation.submission.intrapreneurs.add(candidacy)
    client.force_login(programme.coach)

    _response, content = download(client, programme_url(programme, "candidacies"))

    rows = {row["Agent"]: row for row in as_dicts(parse(content))}
    assert rows["Élodie Lefèvre"] == {
        "Programme": "Le Havre — vague 1",
        "Agent": "Élodie Lefèvre",
        "Adresse électronique": team[0].email,
        "Motivation": "Je connais ces usagers.",
        "Problèmes qui l’intéressent": "Accueil | Les rendez-vous manqués du CCAS",
        "Responsable": "Claire Martin",
        "Adresse électronique du responsable": "claire.martin@lehavre.fr",
        "Accord du responsable": "Non",
        "Équipe (problème retenu)": "Les rendez-vous manqués du CCAS",
        "Candidature le": "06/03/2026 12:00",
        "Modifiée le": "06/03/2026 12:00",
    }


def test_logs_have_people_met_by_kind_figures_and_help_requested(client, programme, investigation):
    client.force_login(programme.coach)

    _response, content = download(client, programme_url(programme, "logs"))

    [log] = as_dicts(parse(content))
    session_date = session_of(investigation, 1).date.strftime("%d/%m/%Y")
    assert log == log | {
        "Investigation": "Les rendez-vous manqués du CCAS",
        "Semaine": "1",
        "Date de la séance": session_date,
        "Statut": "Envoyé",
        "Envoyé le": "06/03/2026 12:00",
        "Heures": "6,5",
        "Usagers rencontrés": "4",
        "Agents rencontrés": "2",
        "Partenaires rencontrés": "1",
        "Chiffres (sources)": (
            "32 % de rendez-vous manqués (agenda, 2025) | 1 200 rendez-vous par an (registre)"
        ),
        "Aide demandée": "Un contact à la CAF.",
        "Aide traitée le": "",
    }
    assert list(log) == [str(header) for header in exports.EXPORTS["logs"].headers]


def test_attendance_has_one_row_per_recorded_presence(client, programme, investigation):
    client.force_login(programme.coach)

    _response, content = download(client, programme_url(programme, "attendance"))

    session_date = session_of(investigation, 1).date.strftime("%d/%m/%Y")
    rows = parse(content)
    assert rows[0] == [
        "Programme",
        "Investigation",
        "Semaine",
        "Date de la séance",
        "Intrapreneur",
        "Adresse électronique",
        "Présence",
    ]
    alice, bob = investigation.team.order_by("last_name")
    assert rows[1:] == [
        ["Le Havre — vague 1", "Les rendez-vous manqués du CCAS", "1", session_date]
        + ["Élodie Lefèvre", alice.email, "Présent"],
        ["Le Havre — vague 1", "Les rendez-vous manqués du CCAS", "1", session_date]
        + ["Bruno Martin", bob.email, "Excusé"],
    ]


def test_conclusions_have_figures_proposals_and_the_committee_decision(
    client, programme, le_havre, investigation
):
    # One team per intrapreneur and programme: another agent investigates this one.
    other_agent = MembershipFactory(collectivity=le_havre).user
    investigate(programme, [other_agent], "Un accueil saturé", with_outcome=False)
    client.force_login(programme.coach)

    _response, content = download(client, programme_url(programme, "conclusions"))

    concluded, pending = as_dicts(parse(content))
    assert concluded == {
        "Programme": "Le Havre — vague 1",
        "Investigation": "Les rendez-vous manqués du CCAS",
        "Collectivité": "Ville du Havre",
        "Intrapreneurs": "Élodie Lefèvre | Bruno Martin",
        "Problème confirmé": "Oui",
        "Ce que l’investigation a établi": "Un rendez-vous sur quatre est manqué, faute de rappel.",
        "Recommandation": "Construire un service numérique",
        "Prochaines étapes": "Tester des rappels par SMS.",
        "Chiffres (sources)": "25 % de rendez-vous manqués (CCAS, 2025)",
        "Propositions": (
            "Numérique : Des rappels par SMS | "
            "Organisationnelle : Un accueil sans rendez-vous le lundi"
        ),
        "Décision du comité": "Lancer la construction d’un service",
        "Motifs de la décision": "Un besoin net et mesuré.",
        "Date du comité": "02/04/2026",
    }
    assert pending["Investigation"] == "Un accueil saturé"
    assert pending["Problème confirmé"] == pending["Décision du comité"] == ""


def test_a_programme_export_leaves_out_other_programmes(client, programme, investigation):
    other = ProgrammeFactory(investigation=True)
    investigate(other, [MembershipFactory().user], "Un autre problème")
    client.force_login(programme.coach)

    _response, content = download(client, programme_url(programme, "conclusions"))

    assert [row["Programme"] for row in as_dicts(parse(content))] == ["Le Havre — vague 1"]


def test_the_all_programmes_export_has_every_programme(client, programme, investigation):
    other = ProgrammeFactory(investigation=True, name="Rouen — vague 1")
    investigate(other, [MembershipFactory().user], "Un autre problème")
    client.force_login(UserFactory(admin=True))

    response, content = download(client, reverse("programmes:export", args=["logs"]))

    assert response["Content-Disposition"] == (
        'attachment; filename="tous-les-programmes-journaux-2026-03-06.csv"'
    )
    assert [row["Programme"] for row in as_dicts(parse(content))] == [
        "Le Havre — vague 1",
        "Rouen — vague 1",
    ]


def test_an_unknown_kind_is_a_404(client, programme):
    client.force_login(programme.coach)

    response = client.get(f"/programmes/{programme.slug}/exports/budget.csv")

    assert response.status_code == 404


# Access


@pytest.mark.parametrize("role", ["admin", "coach", "designer", "referent"])
def test_the_programme_team_and_its_referents_may_export(client, programme, le_havre, role):
    users = {
        "admin": lambda: UserFactory(admin=True),
        "coach": lambda: programme.coach,
        "designer": lambda: programme.designer,
        "referent": lambda: MembershipFactory(referent=True, collectivity=le_havre).user,
    }
    client.force_login(users[role]())

    for kind in exports.EXPORTS:
        assert client.get(programme_url(programme, kind)).status_code == 200


@pytest.mark.parametrize("role", ["other_referent", "agent", "intrapreneur", "other_coach"])
def test_others_get_a_404(client, programme, le_havre, investigation, role):
    users = {
        "other_referent": lambda: MembershipFactory(referent=True).user,
        "agent": lambda: MembershipFactory(agent=True, collectivity=le_havre).user,
        "intrapreneur": lambda: investigation.team.first(),
        "other_coach": lambda: ProgrammeFactory().coach,
    }
    client.force_login(users[role]())

    response = client.get(programme_url(programme, "logs"))

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, programme):
    url = programme_url(programme, "logs")

    response = client.get(url)

    assertRedirects(response, f"{reverse('account_login')}?next={url}")


def test_only_admins_may_export_all_programmes(client, programme, le_havre):
    url = reverse("programmes:export", args=["submissions"])
    assertRedirects(client.get(url), f"{reverse('account_login')}?next={url}")
    for user in [
        programme.coach,
        MembershipFactory(referent=True, collectivity=le_havre).user,
        MembershipFactory(agent=True, collectivity=le_havre).user,
    ]:
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(UserFactory(admin=True))
    assert client.get(url).status_code == 200


# Links


def test_the_programme_page_links_to_the_exports_for_its_committee(client, programme):
    client.force_login(programme.coach)

    response = client.get(reverse("programmes:programme_detail", args=[programme.slug]))

    for kind in exports.EXPORTS:
        assertContains(response, f'href="{programme_url(programme, kind)}"')


def test_the_programme_page_has_no_export_link_for_agents(client, programme, le_havre):
    client.force_login(MembershipFactory(agent=True, collectivity=le_havre).user)

    response = client.get(reverse("programmes:programme_detail", args=[programme.slug]))

    assert response.status_code == 200
    assertNotContains(response, "/exports/")


def test_the_national_dashboard_links_to_the_all_programmes_exports(client):
    client.force_login(UserFactory(admin=True))

    response = client.get(reverse("programmes:national_dashboard"))

    for kind in exports.EXPORTS:
        assertContains(response, f'href="{reverse("programmes:export", args=[kind])}"')


# Queries


@pytest.mark.parametrize(
    "kind, data_queries",
    [
        # the submissions with their programme, collectivité, author and review figures
        ("submissions", 1),
        # the logs with their investigation, problem and session; figures; authors
        ("logs", 3),
        # the attendances with their session, investigation, problem and intrapreneur
        ("attendance", 1),
        # the candidacies with their programme and agent; preferred and assigned problems
        ("candidacies", 3),
        # the investigations with their problem, conclusion and decision; teams;
        # conclusion figures; proposals
        ("conclusions", 4),
    ],
)
def test_an_export_runs_the_same_queries_whatever_the_data_size(
    client, programme, le_havre, investigation, django_assert_num_queries, kind, data_queries
):
    client.force_login(programme.coach)
    # A volunteer, who prefers a problem: every relation of the candidacies is read.
    CandidacyFactory(programme=programme, preferred_problems=[investigation.submission])

    def count_queries():
        # session, user, the programme (selectable_by), the audit event, then the data
        with django_assert_num_queries(4 + data_queries):
            _response, content = download(client, programme_url(programme, kind))
        return parse(content)

    small = count_queries()
    for index in range(5):
        agents = [MembershipFactory(collectivity=le_havre).user for _ in range(2)]
        problem = investigate(programme, agents, f"Problème {index}").submission
        CandidacyFactory(programme=programme, preferred_problems=[problem])
    large = count_queries()
    assert len(large) > len(small)
