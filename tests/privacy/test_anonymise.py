"""user_anonymise: who the person was goes, what they wrote for the collectivité stays."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from incubateur.audit.models import AuditEvent
from incubateur.audit.services import Action, record
from incubateur.notifications.models import EmailPreference, Notification
from incubateur.privacy.services import AnonymisationRefused, user_anonymise
from intrapreneurs.models import Candidacy, ProblemSubmission, SelectionReview
from investigations.models import (
    Attendance,
    Comment,
    Conclusion,
    Hypothesis,
    TeamMembership,
    WeeklyLog,
)
from programmes.models import Invitation, Membership
from programmes.notifications import notify_invitation
from tests.factories import UserFactory
from tests.privacy.conftest import contribute
from tests.programmes.factories import InvitationFactory


def test_the_identity_is_erased(person):
    person.phone = "02 35 00 00 00"
    person.job_title = "Travailleuse sociale"
    person.save()

    user_anonymise(person, reason="test")

    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert (person.first_name, person.last_name, person.phone, person.job_title) == ("",) * 4
    assert person.email == f"anonyme-{person.pk}@anonyme.invalid"
    assert not person.has_usable_password()
    assert not person.is_active
    assert str(person) == person.display_name == "Personne anonymisée"


def test_two_anonymised_accounts_keep_distinct_addresses(person):
    other = UserFactory()

    user_anonymise(person, reason="test")
    user_anonymise(other, reason="test")

    person.refresh_from_db()
    other.refresh_from_db()
    assert person.email != other.email


def test_logins_addresses_and_sessions_go(person):
    SocialToken.objects.create(
        account=SocialAccount.objects.create(user=person, provider="proconnect", uid="pc-1"),
        token="jeton",
    )
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})
    own, others = Client(), Client()
    own.force_login(person)
    others.force_login(UserFactory())

    user_anonymise(person, reason="test")

    assert not EmailAddress.objects.filter(user=person).exists()
    assert not SocialAccount.objects.exists()
    assert not SocialToken.objects.exists()
    assert not Authenticator.objects.filter(user=person).exists()
    assert Session.objects.count() == 1  # the other person's
    assert own.get("/mes-donnees/").status_code == 302
    assert others.get("/mes-donnees/").status_code == 200


def test_memberships_notifications_preferences_and_invitations_go(person):
    contributions = contribute(person)
    pending = InvitationFactory(email="Camille@lehavre.fr")
    notify_invitation(invitation=pending)
    sent = Invitation.objects.get(invited_by=person)

    user_anonymise(person, reason="test")

    assert not Membership.objects.filter(user=person).exists()
    assert not Notification.objects.filter(recipient=person).exists()
    assert not Notification.objects.filter(email__iexact="camille@lehavre.fr").exists()
    assert not EmailPreference.objects.filter(user=person).exists()
    assert not Invitation.objects.filter(email__iexact="camille@lehavre.fr").exists()
    pending.refresh_from_db()
    assert pending.email == f"anonyme-{person.pk}@anonyme.invalid"
    assert not pending.is_usable
    # What they did for the collectivité stays: an invitation they sent, its team.
    assert Invitation.objects.filter(pk=sent.pk, invited_by=person).exists()
    assert TeamMembership.objects.filter(investigation=contributions.investigation).count() == 2


def test_what_they_wrote_stays_theirs_under_the_anonymised_label(person):
    contribute(person, label="de Camille")
    record(actor=person, action=Action.COMMENT_POSTED)

    user_anonymise(person, reason="test")

    assert ProblemSubmission.objects.get(author=person).problem == "Problème écrit de Camille"
    candidacy = Candidacy.objects.get(agent=person)
    assert candidacy.motivation == "Motivation de Camille"
    # Their manager's contact served only their candidacy.
    assert (candidacy.manager_name, candidacy.manager_email) == ("", "")
    assert SelectionReview.objects.filter(reviewer=person).exists()
    assert WeeklyLog.objects.filter(authors=person).exists()
    assert Hypothesis.objects.filter(created_by=person).exists()
    assert Comment.objects.filter(author=person).exists()
    assert Conclusion.objects.filter(authors=person).exists()
    assert Attendance.objects.filter(user=person).exists()
    assert AuditEvent.objects.filter(actor=person).exists()


def test_it_is_idempotent(person):
    user_anonymise(person, reason="test")
    person.refresh_from_db()
    first = person.anonymised_at

    user_anonymise(person, reason="test")

    person.refresh_from_db()
    assert person.anonymised_at == first


def test_the_last_active_admin_is_refused_and_nothing_changes():
    admin = UserFactory(admin=True, first_name="Alix")
    UserFactory(admin=True, is_active=False)

    with pytest.raises(AnonymisationRefused, match="dernier compte d’administrateur actif"):
        user_anonymise(admin, reason="test")

    admin.refresh_from_db()
    assert admin.first_name == "Alix"
    assert admin.is_active and admin.anonymised_at is None
    assert EmailAddress.objects.filter(user=admin).exists()


def test_admins_anonymise_accounts_from_the_admin_for_requests_by_mail(client, person):
    admin_user = UserFactory(is_staff=True, is_superuser=True, totp=True)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "anonymise", "_selected_action": [person.pk, admin_user.pk]},
        follow=True,
    )

    assertContains(response, "Comptes anonymisés : 1.")
    assertContains(response, "dernier compte d’administrateur actif")
    person.refresh_from_db()
    admin_user.refresh_from_db()
    assert person.anonymised_at is not None
    assert admin_user.anonymised_at is None
    event = AuditEvent.objects.get(action=Action.USER_ANONYMISED)
    assert (event.actor, event.target, event.changes) == (admin_user, person, {"reason": "admin"})


def test_an_anonymisation_is_audited_once_without_the_name(person):
    user_anonymise(person, reason="inactivity")
    user_anonymise(person, reason="inactivity")

    event = AuditEvent.objects.get(action=Action.USER_ANONYMISED)
    assert (event.actor, event.target, event.changes) == (None, person, {"reason": "inactivity"})
    assert event.target_label == f"Utilisateur n° {person.pk}"


def test_the_last_admin_refused_leaves_no_audit_event():
    admin = UserFactory(admin=True)

    with pytest.raises(AnonymisationRefused):
        user_anonymise(admin, reason="test")

    assert not AuditEvent.objects.filter(action=Action.USER_ANONYMISED).exists()
