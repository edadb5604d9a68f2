"""The audit trail in the Django admin: admins read and filter it, nobody changes it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from incubateur.audit.models import AuditEvent
from incubateur.audit.services import Action, record
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.programmes.factories import ProgrammeFactory

CHANGELIST = reverse("admin:audit_auditevent_changelist")


@pytest.fixture
def admin_user():
    # An ANCT admin: staff, without any Django permission, with a second factor.
    return UserFactory(admin=True, totp=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def events(programme, count):
    """`count` events on problems of the programme, drafts and submissions in turn."""
    for index in range(count):
        submission = ProblemSubmissionFactory(programme=programme, title=f"Problème {index}")
        action = Action.SUBMISSION_SUBMITTED if index % 2 else Action.SUBMISSION_CREATED
        record(actor=submission.author, action=action, target=submission)


def row(label) -> str:
    return f'<td class="field-target_label">{label}</td>'


def test_admins_filter_the_trail_by_action_and_programme(admin_client):
    here, elsewhere = ProgrammeFactory(call_open=True), ProgrammeFactory(call_open=True)
    submission = ProblemSubmissionFactory(programme=here, title="Dossiers perdus")
    record(actor=submission.author, action=Action.SUBMISSION_SUBMITTED, target=submission)
    other = ProblemSubmissionFactory(programme=elsewhere, title="Courriers en retard")
    record(actor=other.author, action=Action.SUBMISSION_SUBMITTED, target=other)
    record(actor=submission.author, action=Action.SUBMISSION_CREATED, target=submission)

    response = admin_client.get(
        CHANGELIST, {"action__exact": "submission.submitted", "programme__id__exact": here.pk}
    )

    assert response.status_code == 200
    assertContains(response, row(f"Problème n° {submission.pk} « Dossiers perdus »"), count=1)
    assertNotContains(response, "Courriers en retard")
    assertContains(response, "Problème soumis")


def test_admins_search_by_actor_email_and_by_target(admin_client):
    programme = ProgrammeFactory(call_open=True)
    first = ProblemSubmissionFactory(programme=programme, title="Dossiers perdus")
    second = ProblemSubmissionFactory(programme=programme, title="Courriers en retard")
    for submission in (first, second):
        record(actor=submission.author, action=Action.SUBMISSION_SUBMITTED, target=submission)

    by_email = admin_client.get(CHANGELIST, {"q": first.author.email})
    by_target = admin_client.get(CHANGELIST, {"q": "Courriers"})

    assertContains(by_email, "Dossiers perdus")
    assertNotContains(by_email, "Courriers en retard")
    assertContains(by_target, "Courriers en retard")
    assertNotContains(by_target, "Dossiers perdus")


def test_the_trail_is_read_only_even_for_superusers(client):
    superuser = UserFactory(is_staff=True, is_superuser=True, totp=True)
    client.force_login(superuser)
    programme = ProgrammeFactory(call_open=True)
    events(programme, 1)
    event = AuditEvent.objects.get()
    change = reverse("admin:audit_auditevent_change", args=[event.pk])

    page = client.get(change)

    assertContains(page, "Problème enregistré en brouillon")
    assertNotContains(page, 'name="_save"')
    assert client.post(change, {"action": "review.saved"}).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    bulk = client.post(
        CHANGELIST, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )
    # The bulk deletion is not offered: the changelist only says no action was chosen.
    assert bulk.status_code == 200
    event.refresh_from_db()
    assert event.action == "submission.created"


@pytest.mark.parametrize("who", ["coach", "referent", "inactive_admin"])
def test_non_admins_are_sent_to_the_login(client, who):
    programme = ProgrammeFactory(call_open=True)
    user = {
        "coach": programme.coach,
        "referent": UserFactory(),
        "inactive_admin": UserFactory(admin=True, totp=True),
    }[who]
    client.force_login(user)
    if who == "inactive_admin":
        user.is_active = False
        user.save(update_fields=["is_active"])

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("size", [1, 30])
def test_the_list_runs_a_fixed_number_of_queries(admin_client, django_assert_num_queries, size):
    programme = ProgrammeFactory(call_open=True)
    events(programme, size)
    filters = {"action__exact": "submission.created", "programme__id__exact": programme.pk}

    # session, user, its second factor; the programmes of the filter; the count; the
    # admin's permissions (user's, groups'); the events with their actor and programme;
    # the date hierarchy (first and last dates, days)
    with django_assert_num_queries(10):
        response = admin_client.get(CHANGELIST, filters)

    assertContains(response, '<td class="field-target_label">', count=(size + 1) // 2)
