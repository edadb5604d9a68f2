"""The pages of the investigation phase, one module per flow. Each starts from the
investigation, fetched through `Investigation.objects.visible_to(user)`: anyone outside
its programme gets a 404."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from investigations.models import Investigation


def investigation_or_404(user, pk) -> Investigation:
    return get_object_or_404(
        Investigation.objects.visible_to(user).select_related("programme", "submission"),
        pk=pk,
    )


def investigation_url(investigation, anchor: str = "") -> str:
    """The investigation page, at one of its sections when `anchor` names it."""
    url = reverse("investigations:investigation_detail", args=[investigation.pk])
    return f"{url}#{anchor}" if anchor else url
