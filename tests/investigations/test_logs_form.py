import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from investigations import services
from investigations.models import LogFigure, WeeklyLog
from programmes.models import Programme, TransitionError
from tests.factories import UserFactory
from tests.investigations.factories import (
    CommentFactory,
    HypothesisFactory,
    InvestigationFactory,
    WeeklyLogFactory,
)
from tests.programmes.factories import MembershipFactory

WRITTEN = {
    "hours_spent": "6,5",
    "activities": "Trois entretiens avec des travailleurs sociaux",
    "usagers_met": "4",
    "agents_met": "3",
    "partners_met": "1",
    "key_learnings": "Les rappels par SMS ne touchent pas les personnes sans portable",
    "blockers": "",
    "help_request": "",
    "next_steps": "Observer l’accueil mardi",
}


@pytest.fixture
def programme(investigation):
    return investigation.programme


@pytest.fixture
def teammate(investigation):
    return investigation.team.order_by("pk").last()


def log_url(investigation, week):
    return reverse("investigations:log_form", args=[investigation.pk, week])


def page_url(investigation):
    return reverse("investigations:investigation_detail", args=[investigation.pk])


def form_data(response, **changes):
    """What the browser would post back from the form on the page, changed by `changes`."""
    data = {}
    form, formset = response.context["form"], response.context["formset"]
    fields = [*form, *formset.management_form, *(field for sub in formset for field in sub)]
    for field in fields:
        if field.name == "attachments":
            continue
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = (
            [str(item) for item in value] if isinstance(value, list) else str(value)
        )
    data.update(changes)
    return data


def figures(*rows, initial=0, total=None):
    """Formset fields for new figure rows: ("figure", "source") pairs."""
    data = {
        "figures-TOTAL_FORMS": str(total or len(rows)),
        "figures-INITIAL_FORMS": str(initial),
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "1000",
    }
    for index, (figure, source) in enumerate(rows):
        data[f"figures-{index}-figure"] = figure
        data[f"figures-{index}-source"] = source
    return data


def new_log_data(action="draft", **changes):
    return {**WRITTEN, **figures(), "version": "", "action": action, **changes}


def referent_of(programme):
    return MembershipFactory(collectivity=programme.collectivities.get(), referent=True).user


# Writing


def test_a_team_member_gets_the_form_with_a_draft_and_a_submit_button(
    client, investigation, member, week
):
    client.force_login(member)

    response = client.get(log_url(investigation, week))

    assertContains(response, 'enctype="multipart/form-data"')
    assertContains(response, 'name="action" value="draft"')
    assertContains(response, "Enregistrer le brouillon")
    assertContains(response, 'name="action" value="submit"')
    assertContains(response, "Envoyer au coach")
    assertContains(response, 'name="figures-TOTAL_FORMS" value="3"')
    # Rows are numbered; the examples are given once.
    assertContains(response, "Source du chiffre n° 3")
    assertContains(response, "« 32 % des rendez-vous »", count=1)
    assertContains(response, 'type="file" name="attachments"')
    assertContains(response, "multiple")


def test_a_draft_is_saved_with_its_author_and_stays_a_draft(
    client, investigation, member, week, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            log_url(investigation, week), new_log_data(help_request="Un contact à la CAF ?")
        )

    assertRedirects(response, page_url(investigation))
    log = WeeklyLog.objects.get()
    assert (log.week, log.status, log.submitted_at) == (week, WeeklyLog.Status.DRAFT, None)
    assert log.hours_spent == 6.5
    assert (log.usagers_met, log.agents_met, log.partners_met) == (4, 3, 1)
    assert list(log.authors.all()) == [member]
    # The coach hears of the help request only once the log is sent.
    assert mailoutbox == []


def test_a_draft_may_be_saved_almost_empty(client, investigation, member, week):
    client.force_login(member)
    data = new_log_data(
        hours_spent="", activities="", key_learnings="", usagers_met="", agents_met=""
    )

    response = client.post(log_url(investigation, week), data)

    assertRedirects(response, page_url(investigation))
    log = WeeklyLog.objects.get()
    assert (log.hours_spent, log.usagers_met, log.agents_met) == (None, 0, 0)


def test_submitting_a_draft_sends_it_to_the_coach_and_asks_for_help(
    client, investigation, member, week, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(member)
    client.post(log_url(investigation, week), new_log_data())
    response = client.get(log_url(investigation, week))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            log_url(investigation, week),
            form_data(response, action="submit", help_request="Un contact à la CAF ?"),
            follow=True,
        )

    assertRedirects(response, page_url(investigation))
    assertContains(response, f"Le journal de la semaine {week} est envoyé au coach.")
    log = WeeklyLog.objects.get()
    assert log.status == WeeklyLog.Status.SUBMITTED
    assert log.submitted_at is not None
    assert log.help_request == "Un contact à la CAF ?"
    programme = investigation.programme
    assert sorted(message.to for message in mailoutbox) == sorted(
        [[programme.coach.email], [programme.designer.email]]
    )


def test_a_submitted_log_is_edited_with_one_button_and_stays_submitted(
    client, investigation, member, week
):
    WeeklyLogFactory(investigation=investigation, week=week, submitted=True)
    client.force_login(member)

    response = client.get(log_url(investigation, week))

    assertContains(response, "Enregistrer les modifications")
    assertNotContains(response, "Enregistrer le brouillon")
    response = client.post(
        log_url(investigation, week), form_data(response, next_steps="Revoir la CAF")
    )
    assertRedirects(response, page_url(investigation))
    log = WeeklyLog.objects.get()
    assert (log.status, log.next_steps) == (WeeklyLog.Status.SUBMITTED, "Revoir la CAF")


def test_submitting_needs_the_time_the_activities_and_the_learnings_in_french(
    client, investigation, member, week
):
    client.force_login(member)
    data = new_log_data(
        action="submit", hours_spent="", activities=" ", blockers="Pas de salle pour recevoir"
    )

    response = client.post(log_url(investigation, week), data)

    assert response.status_code == 200
    assert not WeeklyLog.objects.exists()
    form = response.context["form"]
    assert set(form.errors) == {"hours_spent", "activities"}
    assert form.errors["activities"] == [
        "Ce champ est obligatoire pour envoyer le journal au coach."
    ]
    # Summarised on top, each error next to its field, nothing typed lost.
    assertContains(response, "Le formulaire contient des erreurs")
    assertContains(response, 'href="#id_hours_spent"')
    assertContains(response, 'id="id_activities_error"')
    assertContains(response, "Pas de salle pour recevoir")
    assertContains(response, WRITTEN["key_learnings"])


def test_a_number_of_hours_that_is_not_a_number_is_refused_in_french(
    client, investigation, member, week
):
    client.force_login(member)

    response = client.post(
        log_url(investigation, week), new_log_data(hours_spent="une journée", usagers_met="-2")
    )

    form = response.context["form"]
    assert form.errors["hours_spent"] == ["Indiquez un nombre d’heures, par exemple 7 ou 6,5."]
    assert form.errors["usagers_met"] == [
        "Assurez-vous que cette valeur est supérieure ou égale à 0."
    ]
    assertContains(response, 'value="une journée"')
    assert not WeeklyLog.objects.exists()


def test_every_member_who_saves_becomes_an_author(client, investigation, member, teammate, week):
    client.force_login(member)
    client.post(log_url(investigation, week), new_log_data())
    client.force_login(teammate)
    response = client.get(log_url(investigation, week))

    client.post(log_url(investigation, week), form_data(response, next_steps="Appeler le CCAS"))

    log = WeeklyLog.objects.get()
    assert set(log.authors.all()) == {member, teammate}
    assert log.next_steps == "Appeler le CCAS"


def test_the_hypotheses_tested_are_chosen_among_the_investigation_s(
    client, investigation, member, week
):
    tested = HypothesisFactory(investigation=investigation, statement="Les SMS arrivent tard")
    HypothesisFactory(investigation=investigation)
    elsewhere = HypothesisFactory()
    client.force_login(member)

    response = client.get(log_url(investigation, week))
    assertContains(response, "Les SMS arrivent tard")
    assertNotContains(response, elsewhere.statement)
    client.post(log_url(investigation, week), new_log_data(hypotheses_tested=[tested.pk]))

    assert list(WeeklyLog.objects.get().hypotheses_tested.all()) == [tested]
    response = client.post(
        log_url(investigation, week),
        new_log_data(hypotheses_tested=[elsewhere.pk], version="2"),
    )
    assert "hypotheses_tested" in response.context["form"].errors


# Figures


def test_figures_are_saved_with_their_source(client, investigation, member, week):
    client.force_login(member)
    data = new_log_data(
        **figures(
            ("32 % des rendez-vous manqués", "agenda du CCAS, 2025"),
            ("", ""),
            total=3,
        )
    )

    client.post(log_url(investigation, week), data)

    assert list(LogFigure.objects.values_list("figure", "source")) == [
        ("32 % des rendez-vous manqués", "agenda du CCAS, 2025")
    ]


def test_a_figure_without_its_source_is_refused_and_kept(client, investigation, member, week):
    client.force_login(member)
    data = new_log_data(**figures(("120 appels par mois", ""), total=3))

    response = client.post(log_url(investigation, week), data)

    assert not WeeklyLog.objects.exists()
    formset = response.context["formset"]
    assert formset.errors[0] == {"source": ["Indiquez d’où vient ce chiffre."]}
    assertContains(response, 'value="120 appels par mois"')
    assertContains(response, "Source du chiffre n° 1 : Indiquez d’où vient ce chiffre.")
    # Everything else typed is still there.
    assertContains(response, WRITTEN["key_learnings"])


def test_a_figure_can_be_changed_and_deleted(client, investigation, member, week):
    log = WeeklyLogFactory(investigation=investigation, week=week)
    kept = LogFigure.objects.create(log=log, figure="12 dossiers", source="registre")
    gone = LogFigure.objects.create(log=log, figure="3 plaintes", source="accueil")
    client.force_login(member)
    response = client.get(log_url(investigation, week))
    assertContains(response, "Supprimer le chiffre n° 2")

    client.post(
        log_url(investigation, week),
        form_data(
            response,
            **{"figures-0-figure": "14 dossiers", "figures-1-DELETE": "on"},
        ),
    )

    assert list(log.figures.values_list("pk", "figure")) == [(kept.pk, "14 dossiers")]
    assert not LogFigure.objects.filter(pk=gone.pk).exists()


# Concurrent edits


def test_two_members_on_the_same_version_the_second_is_told_and_keeps_their_text(
    client, investigation, member, teammate, week
):
    log = WeeklyLogFactory(investigation=investigation, week=week, key_learnings="Version A")
    client.force_login(member)
    first = client.get(log_url(investigation, week))
    client.force_login(teammate)
    second = client.get(log_url(investigation, week))
    client.force_login(member)
    client.post(log_url(investigation, week), form_data(first, key_learnings="Texte de Léa"))
    client.force_login(teammate)

    response = client.post(
        log_url(investigation, week),
        form_data(
            second,
            key_learnings="Texte de Karim",
            **{"figures-0-figure": "8 usagers sur 10", "figures-0-source": "questionnaire"},
        ),
    )

    assert response.status_code == 200
    assertContains(response, "Modification concurrente")
    assertContains(response, "modifié par quelqu’un d’autre")
    # What the second member typed stays in the form, rows of figures included…
    assertContains(response, "Texte de Karim</textarea>")
    assertContains(response, 'value="8 usagers sur 10"')
    # …next to the version saved meanwhile, which was not overwritten.
    assertContains(response, "Texte de Léa")
    log.refresh_from_db()
    assert log.key_learnings == "Texte de Léa"
    assert not LogFigure.objects.exists()
    # The form now carries the new version: saving again goes through.
    assert response.context["form"]["version"].value() == log.version
    response = client.post(log_url(investigation, week), form_data(response))
    assertRedirects(response, page_url(investigation))
    log.refresh_from_db()
    assert log.key_learnings == "Texte de Karim"
    assert set(log.authors.all()) >= {member, teammate}


def test_two_members_starting_the_same_week_the_second_is_told(
    client, investigation, member, teammate, week
):
    client.force_login(member)
    client.post(log_url(investigation, week), new_log_data(key_learnings="Texte de Léa"))
    client.force_login(teammate)

    # The teammate's form was opened before the log existed: it has no version.
    response = client.post(
        log_url(investigation, week), new_log_data(key_learnings="Texte de Karim")
    )

    assertContains(response, "Modification concurrente")
    assertContains(response, "Texte de Karim</textarea>")
    assert WeeklyLog.objects.get().key_learnings == "Texte de Léa"


# Lock, reopening, past and future weeks


def test_a_log_is_locked_after_the_end_of_the_following_week(client, investigation, member):
    WeeklyLogFactory(investigation=investigation, week=1, submitted=True, key_learnings="Vu")
    client.force_login(member)

    response = client.get(log_url(investigation, 1))

    assertContains(response, "verrouillé")
    assertContains(response, "demandez au coach de le rouvrir")
    assertNotContains(response, 'name="action"')
    assertContains(response, "Vu")


def test_posting_to_a_locked_log_is_refused_and_keeps_what_was_typed(client, investigation, member):
    log = WeeklyLogFactory(
        investigation=investigation, week=1, submitted=True, key_learnings="Vu au CCAS"
    )
    client.force_login(member)

    response = client.post(
        log_url(investigation, 1),
        new_log_data(key_learnings="Ajout tardif", version=str(log.version)),
    )

    assertContains(response, "Enregistrement refusé")
    assertContains(response, "demandez au coach de le rouvrir")
    assertContains(response, "Ajout tardif", count=1)  # in "Votre saisie, non enregistrée"
    assertContains(response, "Vu au CCAS")  # the log as saved
    log.refresh_from_db()
    assert log.key_learnings != "Ajout tardif"


def test_a_reopened_log_can_be_edited_until_its_new_date(client, investigation, member):
    log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
    log.reopened_until = timezone.localdate() + datetime.timedelta(days=3)
    log.save()
    client.force_login(member)

    response = client.get(log_url(investigation, 1))

    assertContains(response, "Enregistrer les modifications")
    response = client.post(
        log_url(investigation, 1), form_data(response, key_learnings="Complément")
    )
    assertRedirects(response, page_url(investigation))
    log.refresh_from_db()
    assert log.key_learnings == "Complément"


def test_a_reopened_log_shows_one_deadline_the_reopening_s(client, investigation, member):
    log = WeeklyLogFactory(investigation=investigation, week=1, submitted=True)
    reopened_until = timezone.localdate() + datetime.timedelta(days=7)
    log.reopened_until = reopened_until
    log.save()
    expired = log.session.log_deadline
    assert expired < timezone.localdate()
    client.force_login(member)

    form = client.get(log_url(investigation, 1))
    page = client.get(page_url(investigation))

    assertContains(form, f"modifiable jusqu’au {date_format(reopened_until, 'l j F Y')} inclus")
    assertNotContains(form, date_format(expired, "l j F Y"))
    assertContains(page, f"Rouvert jusqu’au {date_format(reopened_until, 'j F Y')}")


def test_a_reopening_that_has_expired_locks_the_log_again(client, investigation, member):
    WeeklyLogFactory(
        investigation=investigation,
        week=1,
        reopened_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(member)

    response = client.get(log_url(investigation, 1))

    assertContains(response, "demandez au coach de le rouvrir")
    assertNotContains(response, 'name="action"')


def test_a_past_week_without_a_log_can_still_be_filled_and_shows_late(
    client, investigation, member
):
    client.force_login(member)

    response = client.post(log_url(investigation, 1), new_log_data())

    assertRedirects(response, page_url(investigation))
    assert WeeklyLog.objects.get().week == 1
    response = client.get(page_url(investigation))
    assert response.context["weeks"][0].status == "late"


def test_a_future_week_cannot_be_written_yet(client, investigation, member, week):
    future = week + 1
    client.force_login(member)

    response = client.get(log_url(investigation, future))

    assertContains(response, "Cette semaine n’a pas encore commencé")
    assertNotContains(response, 'name="action"')
    response = client.post(log_url(investigation, future), new_log_data())
    assertContains(response, "Enregistrement refusé")
    assert not WeeklyLog.objects.exists()


def test_a_week_outside_the_calendar_is_a_404(client, investigation, member):
    client.force_login(member)

    response = client.get(log_url(investigation, 42))

    assert response.status_code == 404


def test_a_closed_programme_shows_logs_read_only(client, investigation, programme, member, week):
    WeeklyLogFactory(investigation=investigation, week=week, key_learnings="Le bilan")
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.CLOSED)
    client.force_login(member)

    response = client.get(log_url(investigation, week))

    assertContains(response, "lecture seule")
    assertContains(response, "Le bilan")
    assertNotContains(response, 'name="action"')
    response = client.post(log_url(investigation, week), new_log_data(version="1"))
    assertContains(response, "Enregistrement refusé")


def test_a_refusal_from_the_service_is_shown_not_a_500(
    client, investigation, member, week, monkeypatch
):
    def refuse(**kwargs):
        raise TransitionError("Le programme vient d’être clos.")

    WeeklyLogFactory(investigation=investigation, week=week, key_learnings="Vu au CCAS")
    monkeypatch.setattr(services, "log_save", refuse)
    client.force_login(member)

    response = client.post(log_url(investigation, week), new_log_data(version="1"))

    assertContains(response, "Le programme vient d’être clos.")
    assertContains(response, WRITTEN["key_learnings"], count=1)
    assertContains(response, "Vu au CCAS")


# Who may read and write


@pytest.mark.parametrize(
    "reader",
    [
        lambda investigation: referent_of(investigation.programme),
        lambda investigation: investigation.programme.coach,
        lambda investigation: investigation.programme.designer,
        lambda investigation: UserFactory(admin=True),
    ],
    ids=["referent", "coach", "designer", "admin"],
)
def test_readers_see_the_log_without_a_form_and_cannot_post(client, investigation, week, reader):
    WeeklyLogFactory(investigation=investigation, week=week, key_learnings="Vu au CCAS")
    client.force_login(reader(investigation))

    response = client.get(log_url(investigation, week))

    assertContains(response, "Vu au CCAS")
    assertContains(response, "Seuls les intrapreneurs de l’équipe écrivent")
    assertNotContains(response, 'name="action"')
    response = client.post(log_url(investigation, week), new_log_data(version="1"))
    assert response.status_code == 403
    assert WeeklyLog.objects.get().key_learnings == "Vu au CCAS"


def test_a_reader_of_a_week_without_a_log_is_told_so(client, investigation, week):
    client.force_login(investigation.programme.coach)

    response = client.get(log_url(investigation, week))

    assertContains(response, "Pas encore de journal pour cette semaine.")


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_intrapreneur_of_another_team_gets_404(client, investigation, week, method):
    client.force_login(InvestigationFactory(programme=investigation.programme).team.first())

    response = getattr(client, method)(log_url(investigation, week), new_log_data())

    assert response.status_code == 404
    assert not WeeklyLog.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_referent_of_another_collectivity_gets_404(client, investigation, week, method):
    client.force_login(MembershipFactory(referent=True).user)

    response = getattr(client, method)(log_url(investigation, week), new_log_data())

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client, investigation, week):
    url = log_url(investigation, week)

    response = client.get(url)

    assertRedirects(response, f"{reverse('account_login')}?next={url}")


@pytest.mark.parametrize(
    ("reader", "sees_private"),
    [
        (lambda investigation: investigation.team.first(), False),
        (lambda investigation: referent_of(investigation.programme), False),
        (lambda investigation: investigation.programme.coach, True),
    ],
    ids=["intrapreneur", "referent", "coach"],
)
def test_the_log_page_shows_private_comments_to_the_anct_team_only(
    client, investigation, week, reader, sees_private
):
    log = WeeklyLogFactory(investigation=investigation, week=week)
    CommentFactory(investigation=investigation, log=log, body="Bien vu")
    CommentFactory(investigation=investigation, log=log, private=True, body="Équipe fragile")
    client.force_login(reader(investigation))

    response = client.get(log_url(investigation, week))

    assertContains(response, "Bien vu")
    assert ("Équipe fragile" in response.text) is sees_private
