"""The registry through which each app declares its part of a person's data."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from incubateur.privacy.export import user_data_export
from incubateur.privacy.registry import Registry, registry

# The personal-data export's keys, in the order of the downloaded file.
EXPORT_ORDER = [
    "account",
    "email_addresses",
    "social_accounts",
    "memberships",
    "programmes_followed",
    "invitations_received",
    "invitations_sent",
    "submissions",
    "candidacies",
    "selection_reviews",
    "investigation_teams",
    "weekly_logs",
    "check_in_answers",
    "calendar_link_created_at",
    "hypotheses",
    "hypothesis_changes",
    "conclusions",
    "comments",
    "attendance",
    "notifications",
    "email_preferences",
    "audit_events",
]

ERASURE_ORDER = [
    "email_addresses",
    "social_accounts",
    "authenticators",
    "memberships",
    "notifications",
    "email_preferences",
    "calendar_link",
    "invitations",
    "candidacy_managers",
]


def test_every_app_s_sections_are_found_in_the_file_s_order():
    assert [section.name for section in registry.sections()] == EXPORT_ORDER


def test_sections_come_from_the_groundwork_and_every_domain_app():
    modules = {section.run.__module__ for section in registry.sections()}

    assert modules == {
        "incubateur.privacy.platform",
        "programmes.privacy",
        "intrapreneurs.privacy",
        "investigations.privacy",
    }


def test_every_app_s_erasure_steps_are_found_in_their_order():
    assert [erasure.name for erasure in registry.erasures()] == ERASURE_ORDER


def test_the_export_holds_the_sections_in_their_order(person):
    assert list(user_data_export(person)) == ["format", "generated_at", *EXPORT_ORDER]


def test_parts_are_sorted_by_position_not_by_registration():
    own = Registry()
    own.section("second", position=20)(lambda subject: 2)
    own.section("first", position=10)(lambda subject: 1)

    assert [section.name for section in own.sections()] == ["first", "second"]


def test_a_duplicate_name_is_rejected():
    own = Registry()
    own.section("memberships", position=10)(lambda subject: [])

    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        own.section("memberships", position=20)(lambda subject: [])


def test_a_taken_position_is_rejected():
    own = Registry()
    own.erasure("memberships", position=10)(lambda subject: None)

    with pytest.raises(ImproperlyConfigured, match="position 10"):
        own.erasure("invitations", position=10)(lambda subject: None)


def test_a_section_and_an_erasure_may_share_a_name():
    own = Registry()
    own.section("memberships", position=10)(lambda subject: [])
    own.erasure("memberships", position=10)(lambda subject: None)

    assert [part.name for part in own.sections() + own.erasures()] == ["memberships"] * 2
