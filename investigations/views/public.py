"""What anyone may read without an account: the published fiches problème, their index,
and the same as open data (JSON in the beta.gouv.fr startups shape, with its OpenAPI
description). Only published fiches exist here: anything else answers 404."""

import hashlib
import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import condition, require_GET

from investigations import betagouv
from investigations.forms.public import PublicProblemFilterForm
from investigations.models import Fiche
from investigations.openapi import schema

PAGE_SIZE = 20
API_PAGE_SIZE = 50
API_CACHE_SECONDS = 300


def _published():
    return Fiche.objects.published()


@require_GET
def public_problem_list(request):
    departements = (
        _published()
        .order_by("sponsor__departement_code")
        .values_list("sponsor__departement_code", flat=True)
        .distinct()
    )
    form = PublicProblemFilterForm(request.GET, departements=[d for d in departements if d])
    fiches = form.apply(
        _published()
        .select_related("sponsor", "investigation__submission")
        .prefetch_related("investigation__submission__themes")
        .order_by("-published_at", "pk")
    )
    page = Paginator(fiches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "investigations/public/problem_list.html", {"form": form, "page": page})


@require_GET
def public_problem(request, slug):
    fiche = get_object_or_404(_published().with_public_data(), slug=slug)
    return render(
        request,
        "investigations/public/problem_detail.html",
        {
            "fiche": fiche,
            "themes": betagouv.themes(fiche),
            "figures": fiche.figures.all(),
            "events": betagouv.events(fiche),
            "next_step": betagouv.next_step(fiche),
            "canonical_url": betagouv.public_url(fiche),
        },
    )


def _api_state() -> str:
    """Changes whenever a published fiche changes or one is (un)published."""
    state = _published().aggregate(count=Count("pk"), last=Max("updated_at"))
    return f"{state['count']}-{state['last'].isoformat() if state['last'] else ''}"


def _api_body(request) -> bytes:
    """The page asked for, cached API_CACHE_SECONDS per state of the published fiches and
    query string (what else it shows, such as a committee's decision, may lag that
    long); computed once per request, for the ETag and the response."""
    if not hasattr(request, "_api_body"):
        key = f"api:problemes:{_api_state()}:{request.GET.urlencode()}"
        body = cache.get(key)
        if body is None:
            body = _render_api_page(request)
            cache.set(key, body, API_CACHE_SECONDS)
        request._api_body = body
    return request._api_body


def _api_etag(request) -> str:
    return hashlib.sha256(_api_body(request)).hexdigest()[:32]


def _render_api_page(request) -> bytes:
    page = Paginator(
        _published().with_public_data().order_by("-published_at", "pk"), API_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    base = request.build_absolute_uri(reverse("investigations:api_problems"))
    links = {"self": f"{base}?page={page.number}"}
    if page.has_next():
        links["next"] = f"{base}?page={page.next_page_number()}"
    if page.has_previous():
        links["prev"] = f"{base}?page={page.previous_page_number()}"
    body = {
        "data": [
            {
                "id": fiche.slug,
                "type": "startup",
                "attributes": betagouv.attributes(fiche),
                "relationships": {
                    "incubator": {"data": {"type": "incubator", "id": betagouv.INCUBATOR}}
                },
            }
            for fiche in page.object_list
        ],
        "links": links,
        "meta": {"count": page.paginator.count, "page": page.number},
    }
    return json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False).encode()


@require_GET
@condition(etag_func=_api_etag)
def api_problems(request):
    """The ETag is the body's hash: a client that sends it back gets a 304 (Django's
    `condition`) until what it would read changes."""
    response = HttpResponse(_api_body(request), content_type="application/json")
    response["Cache-Control"] = f"public, max-age={API_CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def api_schema(request):
    response = JsonResponse(schema(request), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def api_docs(request):
    return render(
        request,
        "investigations/public/api_docs.html",
        {
            "api_url": request.build_absolute_uri(reverse("investigations:api_problems")),
            "schema_url": request.build_absolute_uri(reverse("investigations:api_schema")),
            "phases": sorted(set(betagouv.DECISION_PHASES.values())),
        },
    )
