import pytest
from django.contrib import admin
from django.urls import reverse

from demo.seed import seed_demo
from tests.factories import UserFactory

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture(scope="module")
def _demo(module_db):
    """The demo, seeded once for the module (every admin page is read, none changed)."""
    seed_demo()


@pytest.fixture
def admin_client(_demo, client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, totp=True))
    return client


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model._meta.label)
def test_every_model_has_a_searchable_list_and_its_pages(admin_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "Havre"}).status_code == 200
    obj = model._default_manager.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert admin_client.get(change).status_code == 200


def test_the_domain_models_are_all_in_the_admin():
    labels = {model._meta.label for model in MODELS}

    for label in [
        "programmes.Collectivity",
        "programmes.Programme",
        "programmes.Invitation",
        "intrapreneurs.ProblemSubmission",
        "intrapreneurs.Candidacy",
        "intrapreneurs.SelectionReview",
        "investigations.Investigation",
        "investigations.WeeklyLog",
        "investigations.Hypothesis",
        "investigations.Comment",
        "investigations.CommitteeReview",
        "investigations.Conclusion",
    ]:
        assert label in labels
