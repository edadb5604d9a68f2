"""Milestones the platform sees happen complete themselves: the committee's decision, the
written conclusion, and (for other services) any kind through `milestone_complete`."""

import datetime

from django.urls import reverse
from django.utils import timezone

from incubateur.audit.models import AuditEvent
from investigations.models import CommitteeReview, Conclusion, Investigation, Milestone
from investigations.progress import progress_rows
from investigations.services import committee_save, conclusion_save, milestone_complete
from tests.investigations.test_committee import grid

DECEMBER_3 = datetime.date(2026, 12, 3)


def milestone(investigation, kind):
    return investigation.milestones.get(kind=kind)


def test_a_committee_decision_completes_its_milestone_on_the_committee_date(investigation):
    review = CommitteeReview(investigation=investigation, decision="build", decided_on=DECEMBER_3)

    committee_save(review=review, by=investigation.programme.coach)

    committee = milestone(investigation, Milestone.Kind.COMMITTEE)
    assert (committee.done_on, committee.done_by) == (DECEMBER_3, investigation.programme.coach)
    event = AuditEvent.objects.get(action="milestone.marked")
    assert event.changes["automatic"] is True


def test_a_grid_without_a_decision_leaves_the_milestone_to_come(investigation):
    review = CommitteeReview(investigation=investigation, problem_score=4)

    committee_save(review=review, by=investigation.programme.coach)

    assert not milestone(investigation, Milestone.Kind.COMMITTEE).is_done


def test_the_committee_milestone_is_no_longer_the_next_one_on_the_dashboard(client, investigation):
    programme = investigation.programme
    client.force_login(programme.coach)
    # Every milestone before the committee is done: it is the next one.
    investigation.milestones.filter(due_week__lt=9).update(done_on=DECEMBER_3)

    response = client.post(
        reverse("investigations:committee_review", args=[investigation.pk]),
        grid(decided_on=DECEMBER_3.isoformat()),
    )

    assert response.status_code == 302
    assert milestone(investigation, Milestone.Kind.COMMITTEE).done_on == DECEMBER_3
    [row] = progress_rows(Investigation.objects.filter(pk=investigation.pk), now=timezone.now())
    assert row.progress.next_milestone == "Restitution"


def test_a_written_conclusion_completes_the_restitution(investigation):
    author = investigation.team.order_by("pk").first()
    conclusion = Conclusion(
        investigation=investigation,
        problem_confirmed="yes",
        summary="Le problème est réel.",
        recommendation="change_organisation",
    )

    conclusion_save(conclusion=conclusion, by=author)

    restitution = milestone(investigation, Milestone.Kind.RESTITUTION)
    assert (restitution.done_on, restitution.done_by) == (timezone.localdate(), author)


def test_a_milestone_already_done_keeps_its_date_and_note(investigation):
    public_page = milestone(investigation, Milestone.Kind.PUBLIC_PAGE)
    public_page.done_on = datetime.date(2026, 11, 5)
    public_page.note = "Publiée à la main."
    public_page.save()

    completed = milestone_complete(
        investigation=investigation,
        kind=Milestone.Kind.PUBLIC_PAGE,
        by=investigation.programme.coach,
    )

    assert completed is None
    public_page.refresh_from_db()
    assert (public_page.done_on, public_page.note) == (
        datetime.date(2026, 11, 5),
        "Publiée à la main.",
    )


def test_completing_makes_an_open_milestone_form_stale(investigation):
    public_page = milestone(investigation, Milestone.Kind.PUBLIC_PAGE)

    milestone_complete(
        investigation=investigation, kind=Milestone.Kind.PUBLIC_PAGE, by=None, done_on=DECEMBER_3
    )

    public_page.refresh_from_db()
    assert public_page.version == 2
    assert public_page.done_on == DECEMBER_3
