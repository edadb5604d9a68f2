"""The registry where each app declares its kinds of notification and its part of the digest
(incubateur.notifications.registry): the machinery only knows what was registered."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from incubateur.notifications import registry
from incubateur.notifications.digest import DigestMessage, compose
from incubateur.notifications.message import Due, Message
from incubateur.notifications.models import Notification
from incubateur.notifications.registry import DigestSection, Registry, UnknownKind
from incubateur.notifications.services import notify, notify_recipients
from tests.factories import UserFactory

NOW = datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC)


class PingMessage(Message):
    kind = "ping"
    label = "Ping"
    model = get_user_model()
    template = "notifications/emails/ping"

    def due(self, now):
        return [Due(self.kind, user, user, "once") for user in get_user_model().objects.all()]

    def action(self, notification, user):
        return "Ouvrir", "/"


def section(name, *, order=100, content=None, followers=None):
    return DigestSection(
        name=name,
        followers=followers or get_user_model().objects.none,
        build=lambda user, monday, now: content,
        template=f"tests/{name}",
        order=order,
    )


def test_a_registered_kind_is_found_by_its_key_and_offered_as_a_choice():
    kinds = Registry()
    ping = kinds.register(PingMessage())

    assert kinds.message("ping") is ping
    assert kinds.label("ping") == "Ping"
    assert kinds.choices() == [("ping", "Ping")]


def test_a_kind_cannot_be_registered_twice():
    kinds = Registry()
    kinds.register(PingMessage())

    with pytest.raises(ValueError, match="'ping' is registered twice"):
        kinds.register(PingMessage())


def test_an_unknown_kind_raises_a_clear_error():
    with pytest.raises(UnknownKind, match="Unknown notification kind 'nope': no app registered"):
        Registry().message("nope")


def test_notifying_an_unknown_kind_fails_before_anything_is_recorded():
    user = UserFactory()

    with pytest.raises(UnknownKind):
        notify(kind="nope", obj=user, recipient=user)
    assert not Notification.objects.exists()


def test_a_kind_that_names_no_recipients_cannot_be_notified_to_them():
    user = UserFactory()

    with pytest.raises(TypeError, match="'invitation' does not name its recipients"):
        notify_recipients(kind="invitation", obj=user)


def test_what_is_due_is_what_every_registered_kind_says():
    kinds = Registry()
    kinds.register(PingMessage())
    users = UserFactory.create_batch(2)

    due = kinds.due_at(NOW)

    assert sorted((d.kind, d.recipient.pk, d.obj.pk, d.period) for d in due) == [
        ("ping", user.pk, user.pk, "once") for user in users
    ]


def test_autodiscovery_found_the_kinds_of_every_app():
    declared_in = {message.kind: type(message).__module__ for message in registry.messages()}

    assert declared_in == {
        "digest": "incubateur.notifications.digest",
        "inactivity_warning": "incubateur.privacy.notifications",
        "invitation": "programmes.notifications",
        "report_ready": "reports.notifications",
        "submission_receipt": "intrapreneurs.notifications",
        "submission_decision": "intrapreneurs.notifications",
        "candidacy_decision": "intrapreneurs.notifications",
        "call_closing": "intrapreneurs.notifications",
        "call_closed": "intrapreneurs.notifications",
        "comment": "investigations.notifications.actions",
        "help_request": "investigations.notifications.actions",
        "log_reopened": "investigations.notifications.actions",
        "session_reminder": "investigations.notifications.reminders",
        "session_second_reminder": "investigations.notifications.reminders",
        "coach_alert": "investigations.notifications.reminders",
        "check_in": "investigations.notifications.check_ins",
        "check_in_reminder": "investigations.notifications.check_ins",
        "people_met_purge_due": "investigations.notifications.retention",
    }
    assert [section.name for section in registry.digest_sections()] == ["investigations"]


def test_the_model_takes_its_kinds_from_the_registry():
    field = Notification._meta.get_field("kind")

    assert list(field.choices) == registry.choices()
    assert ("digest", "Récapitulatif hebdomadaire") in field.choices
    assert Notification(kind="comment").get_kind_display() == "Nouveau commentaire"


def test_sections_come_in_their_order_then_by_name_whatever_the_registration_order():
    kinds = Registry()
    for name, order in [("zeta", 100), ("alpha", 100), ("first", 10)]:
        kinds.register_digest(section(name, order=order))

    assert [s.name for s in kinds.digest_sections()] == ["first", "alpha", "zeta"]


def test_the_digest_composes_the_sections_with_something_to_tell(monkeypatch):
    kinds = Registry()
    kinds.register_digest(section("quiet", content=[]))
    kinds.register_digest(section("logs", content=["week 9"]))
    kinds.register_digest(section("alerts", order=10, content=["stalled"]))
    monkeypatch.setattr(registry, "digest_sections", kinds.digest_sections)

    composed = compose(UserFactory(), NOW.date(), NOW)

    assert [(s["name"], s["text"], s["html"], s["content"]) for s in composed] == [
        ("alerts", "tests/alerts.txt", "tests/alerts.html", ["stalled"]),
        ("logs", "tests/logs.txt", "tests/logs.html", ["week 9"]),
    ]


def test_the_digest_goes_to_the_followers_of_every_section(monkeypatch):
    first, second, both, nobody = UserFactory.create_batch(4)
    users = get_user_model().objects
    kinds = Registry()
    kinds.register_digest(section("a", followers=lambda: users.filter(pk__in=[first.pk, both.pk])))
    kinds.register_digest(section("b", followers=lambda: users.filter(pk__in=[second.pk, both.pk])))
    monkeypatch.setattr(registry, "digest_sections", kinds.digest_sections)

    due = DigestMessage().due(NOW)

    assert sorted(d.recipient.pk for d in due) == sorted([first.pk, second.pk, both.pk])
    assert {d.period for d in due} == {"2026-W49"}
