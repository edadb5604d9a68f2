"""`seed_demo --scale N` also writes the scale programmes' fiches (most of them published
where the investigation has started) and their search documents, found by the search."""

import datetime

from django.urls import reverse

from demo import scale as demo_scale
from demo.knowledge_scale import seed_knowledge
from investigations.models import Fiche, Investigation
from knowledge.models import SearchDocument
from programmes.models import Programme

TODAY = datetime.date(2026, 11, 26)


def test_scale_programmes_get_fiches_and_search_documents(client):
    demo_scale.seed_scale(6, today=TODAY)
    documents = seed_knowledge(demo_scale.SLUG_PREFIX)

    scale = {"programme__slug__startswith": demo_scale.SLUG_PREFIX}
    investigations = Investigation.objects.filter(**scale).count()
    fiches = Fiche.objects.filter(investigation__programme__slug__startswith="echelle-")
    assert fiches.count() == investigations > 0
    published = fiches.filter(published_at__isnull=False)
    assert 0 < published.count() < investigations
    assert all(fiche.slug for fiche in published)
    assert documents == SearchDocument.objects.filter(**scale).count()
    assert SearchDocument.objects.filter(**scale, kind="published").count() == published.count()

    # An anonymous visitor finds them; a published document leads to its public page.
    response = client.get(reverse("knowledge:search"), {"q": "usagers"})
    found = response.context["page"].object_list
    assert found and all(document.kind == "published" for document in found)
    assert client.get(found[0].get_absolute_url()).status_code == 200
    # Seeding again adds nothing twice.
    assert seed_knowledge(demo_scale.SLUG_PREFIX) == documents
    assert (
        Fiche.objects.filter(
            investigation__programme__in=Programme.objects.filter(
                slug__startswith=demo_scale.SLUG_PREFIX
            )
        ).count()
        == investigations
    )
