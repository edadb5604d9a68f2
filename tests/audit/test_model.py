"""Audit events are written once and never changed nor deleted."""

import pytest

from incubateur.audit.models import AuditEvent, ImmutableAuditEvent
from incubateur.audit.services import Action, record
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.investigations.factories import WeeklyLogFactory


@pytest.fixture
def event():
    submission = ProblemSubmissionFactory(title="Rendez-vous non honorés")
    return record(actor=submission.author, action=Action.SUBMISSION_CREATED, target=submission)


def test_an_event_cannot_be_saved_again(event):
    event.action = Action.SUBMISSION_SUBMITTED

    with pytest.raises(ImmutableAuditEvent):
        event.save()

    assert AuditEvent.objects.get().action == Action.SUBMISSION_CREATED


def test_an_event_cannot_be_deleted(event):
    with pytest.raises(ImmutableAuditEvent):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_event_names_its_target_and_programme_without_anyone_s_name(event):
    submission = event.target

    assert event.target_label == f"Problème n° {submission.pk} « Rendez-vous non honorés »"
    assert event.programme == submission.programme
    assert submission.author.last_name not in event.target_label


def test_the_target_of_a_log_names_its_week_and_investigation():
    log = WeeklyLogFactory(week=2)
    investigation = log.investigation

    event = record(actor=UserFactory(), action=Action.LOG_SAVED, target=log)

    assert event.target_label == (
        f"Journal de bord n° {log.pk}, semaine 2 — Investigation n° {investigation.pk} "
        f"« {investigation.submission.title} »"
    )
    assert event.programme == investigation.programme


def test_deleting_the_actor_keeps_the_event_without_them(event):
    actor = event.actor
    actor.submissions.all().delete()

    actor.delete()

    event.refresh_from_db()
    assert event.actor is None
    assert event.action == Action.SUBMISSION_CREATED
