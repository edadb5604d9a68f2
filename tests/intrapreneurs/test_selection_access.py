"""Who may open each page of the selection: the programme's committee (referents of its
collectivités, its coach and designer) and admins; everyone else gets a 404."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from programmes.models import Membership
from tests.factories import UserFactory
from tests.intrapreneurs.factories import ProblemSubmissionFactory
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

# (method, url name, takes the submission, POST data)
REQUESTS = [
    ("get", "selection_list", False, None),
    ("get", "selection_detail", True, None),
    ("post", "selection_detail", True, {"impact_score": "4"}),
    ("post", "submission_status", True, {"status": "shortlisted", "seen_status": "submitted"}),
    ("post", "team_assign", True, {}),
    ("get", "selection_finalise", False, None),
    ("post", "selection_finalise", False, {}),
]
REQUEST_IDS = [f"{method} {name}" for method, name, _, _ in REQUESTS]


@pytest.fixture
def submission():
    return ProblemSubmissionFactory(submitted=True, programme=ProgrammeFactory(selection=True))


def url_for(name, submission, with_submission):
    programme = submission.programme
    args = [programme.slug, submission.pk] if with_submission else [programme.slug]
    return reverse(f"intrapreneurs:{name}", args=args)


def send(client, method, url, data):
    return client.post(url, data) if method == "post" else client.get(url)


def user_with_role(role, submission):
    programme = submission.programme
    collectivity = submission.collectivity
    match role:
        case "referent":
            return MembershipFactory(collectivity=collectivity, referent=True).user
        case "coach":
            return programme.coach
        case "designer":
            return programme.designer
        case "admin":
            return UserFactory(admin=True)
        case "referent_of_another_collectivity":
            return MembershipFactory(referent=True).user
        case "agent_of_the_collectivity":
            return MembershipFactory(collectivity=collectivity, agent=True).user
        case "author_of_the_submission":
            assert submission.author.memberships.get().role == Membership.Role.AGENT
            return submission.author
        case "coach_of_another_programme":
            return ProgrammeFactory(selection=True).coach
    raise AssertionError(role)


@pytest.mark.parametrize("role", ["referent", "coach", "designer", "admin"])
@pytest.mark.parametrize(("method", "name", "with_submission", "data"), REQUESTS, ids=REQUEST_IDS)
def test_the_committee_and_admins_are_let_in(
    client, submission, role, method, name, with_submission, data
):
    client.force_login(user_with_role(role, submission))

    response = send(client, method, url_for(name, submission, with_submission), data)

    # Pages answer 200; actions redirect back, or show the page again with the errors.
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert not response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "role",
    [
        "referent_of_another_collectivity",
        "agent_of_the_collectivity",
        "author_of_the_submission",
        "coach_of_another_programme",
    ],
)
@pytest.mark.parametrize(("method", "name", "with_submission", "data"), REQUESTS, ids=REQUEST_IDS)
def test_everyone_else_gets_a_404(client, submission, role, method, name, with_submission, data):
    client.force_login(user_with_role(role, submission))

    response = send(client, method, url_for(name, submission, with_submission), data)

    assert response.status_code == 404


@pytest.mark.parametrize(("method", "name", "with_submission", "data"), REQUESTS, ids=REQUEST_IDS)
def test_anonymous_visitors_are_sent_to_the_login(
    client, submission, method, name, with_submission, data
):
    url = url_for(name, submission, with_submission)

    response = send(client, method, url, data)

    assertRedirects(response, f"{reverse('account_login')}?next={url}")


def test_a_draft_is_not_part_of_the_selection(client, submission):
    draft = ProblemSubmissionFactory(draft=True, programme=submission.programme)
    client.force_login(submission.programme.coach)

    response = client.get(url_for("selection_detail", draft, True))

    assert response.status_code == 404


def test_a_submission_of_another_programme_is_not_found_through_this_one(client, submission):
    other = ProblemSubmissionFactory(submitted=True, programme=ProgrammeFactory(selection=True))
    client.force_login(submission.programme.coach)

    response = client.get(
        reverse("intrapreneurs:selection_detail", args=[submission.programme.slug, other.pk])
    )

    assert response.status_code == 404
