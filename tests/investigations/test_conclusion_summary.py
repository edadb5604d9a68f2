"""The outcome summary included in the investigation page (outcome/includes/summary.html)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from investigations.models import CommitteeReview, Conclusion
from tests.investigations.factories import HypothesisFactory, InvestigationFactory


def render(investigation, **context):
    return render_to_string(
        "investigations/outcome/includes/summary.html",
        {
            "investigation": investigation,
            "hypotheses": list(investigation.hypotheses.all()),
            "milestones": list(investigation.milestones.all()),
            "committee_review": None,
            "conclusion": None,
            "can_follow": False,
            "can_write": True,
            **context,
        },
    )


def test_it_counts_and_lists_hypotheses_by_status_in_the_board_order():
    investigation = InvestigationFactory()
    HypothesisFactory(investigation=investigation, statement="Oubli", status="invalidated")
    HypothesisFactory(investigation=investigation, statement="Horaires", status="to_test")
    HypothesisFactory(investigation=investigation, statement="Transport", status="to_test")
    HypothesisFactory(investigation=investigation, statement="SMS", status="validated")

    html = render(investigation)

    assert html.index("À tester (2)") < html.index("Validées (1)") < html.index("Invalidées (1)")
    assert html.index("Horaires") < html.index("SMS") < html.index("Oubli")
    assert reverse("investigations:hypothesis_board", args=[investigation.pk]) in html


def test_it_offers_to_mark_milestones_only_to_those_who_follow_an_open_programme():
    investigation = InvestigationFactory()
    milestone = investigation.milestones.get(kind="mid_point")
    milestone.done_on = timezone.localdate()
    milestone.note = "Point très riche"
    milestone.save()
    link = reverse("investigations:milestone_update", args=[investigation.pk, milestone.pk])

    following = render(investigation, can_follow=True)
    assert link in following
    # The four milestones not done yet; the done one offers "Modifier".
    assert following.count("Marquer comme réalisé") == 4
    assert "Point très riche" in following
    assert link not in render(investigation, can_follow=False)
    assert link not in render(investigation, can_follow=True, can_write=False)


def test_it_shows_the_committee_decision_and_the_recommendation():
    investigation = InvestigationFactory()
    review = CommitteeReview.objects.create(
        investigation=investigation, decision="pivot", decided_on=timezone.localdate()
    )
    conclusion = Conclusion.objects.create(
        investigation=investigation,
        problem_confirmed="partly",
        summary="Réel",
        recommendation="change_organisation",
    )

    html = render(investigation, committee_review=review, conclusion=conclusion)

    assert "Pivoter" in html
    assert "Changer l’organisation" in html
    assert "En partie" in html
    assert reverse("investigations:committee_review", args=[investigation.pk]) in html
    assert reverse("investigations:conclusion", args=[investigation.pk]) in html
    assert "ne s’est pas encore prononcé" in render(investigation)
