"""The demo's themes and fiches problème: three of the six Le Havre problems published,
with themes, in the open data; the other three written and waiting for the coach."""

from django.urls import reverse

from demo.fiches import PUBLISHED_TITLES
from demo.seed import seed_demo
from intrapreneurs.models import ProblemSubmission
from investigations.fiche_checks import fiche_findings
from investigations.models import Fiche, Milestone


def test_the_demo_publishes_three_le_havre_problems_with_themes(client):
    seed_demo()
    published = Fiche.objects.published()
    assert sorted(published.values_list("title", flat=True)) == sorted(PUBLISHED_TITLES)
    assert Fiche.objects.filter(published_at__isnull=True).count() == 3
    for fiche in published:
        assert fiche.investigation.submission.themes.exists()
        milestone = fiche.investigation.milestones.get(kind=Milestone.Kind.PUBLIC_PAGE)
        assert milestone.is_done
    # Every fiche, published or not, passes the checks: the coach may publish the others.
    assert not any(fiche_findings(fiche) for fiche in Fiche.objects.all())
    assert not ProblemSubmission.objects.submitted().filter(themes__isnull=True).exists()

    body = client.get(reverse("investigations:api_problems")).json()
    assert {item["attributes"]["name"] for item in body["data"]} == set(PUBLISHED_TITLES)
    index = client.get(
        reverse("investigations:public_problem_list"), {"theme": "habitat-et-logement"}
    )
    assert [fiche.title for fiche in index.context["page"].object_list] == [
        "Dossiers d’aide au logement incomplets à l’arrivée"
    ]
