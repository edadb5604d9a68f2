"""The knowledge base: the search page (/recherche/) and the « déjà investigué
ailleurs » panel. What each user finds is SearchDocument.objects.visible_to(user)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET, require_http_methods

from incubateur import fragments
from knowledge import highlight, search
from knowledge.forms import SearchForm, SimilarProblemsForm
from knowledge.models import SearchDocument
from knowledge.similar import KNOWLEDGE, similar_for_author
from knowledge.text import words

PAGE_SIZE = 20
APPROXIMATE_LIMIT = 100
FACETS = {
    "theme": "themes",
    "kind": "collectivity__kind",
    "departement": "collectivity__departement_code",
    "year": "year",
    "decision": "decision",
}


def _facets(documents) -> dict[str, dict]:
    """How many of the results each filter value keeps, in two queries: one grouped by
    the facets on the document's own row and collectivité, one for the themes."""
    source = SearchDocument.objects.filter(pk__in=documents.values("pk")).order_by()
    facets = {name: {} for name in FACETS}
    row_facets = {name: path for name, path in FACETS.items() if name != "theme"}
    for row in source.values(*row_facets.values()).annotate(count=Count("pk")):
        for name, path in row_facets.items():
            facets[name][row[path]] = facets[name].get(row[path], 0) + row["count"]
    facets["theme"] = dict(
        source.values_list("themes").annotate(count=Count("pk")).values_list("themes", "count")
    )
    return facets


def _with_excerpts(documents, query: str) -> None:
    terms = words(query)
    for document in documents:
        if getattr(document, "excerpt", None) is not None:
            document.highlighted = highlight.from_markers(document.excerpt)
        elif terms:
            document.highlighted = highlight.around_terms(
                "\n".join(filter(None, [document.body, document.details])), terms
            )
        else:
            document.highlighted = highlight.around_terms(document.body, [])


@require_GET
def search_page(request):
    """Anonymous visitors search the published problems, whose pages they may read. The
    content (or the results htmx asks for) is kept in the cache until a document changes,
    or for signed-in users, whose scope follows their teams, any programme
    (incubateur.fragments)."""
    form = SearchForm(request.GET)
    part = "results" if request.htmx else "content"
    scopes = [KNOWLEDGE]
    if request.user.is_authenticated:
        scopes.append(fragments.PROGRAMMES)
    html = fragments.cached(
        f"search:{part}",
        scopes,
        lambda: (
            render_to_string(f"knowledge/search.html#{part}", _results(request, form), request),
            None,
        ),
        vary=(request.user.pk, sorted(request.GET.lists())),
    )
    if request.htmx:
        return HttpResponse(html)
    context = {"form": form, "query": form.query(), "content": html}
    return render(request, "knowledge/search.html", context)


def _results(request, form) -> dict:
    """The page's context: the results of the query and filters, a page of them, with
    their excerpts and each filter value's count (on `form`)."""
    query = form.query()
    documents = SearchDocument.objects.visible_to(request.user)

    def load(ids):
        shown = SearchDocument.objects.filter(pk__in=ids).select_related("collectivity", "fiche")
        return search.with_excerpts(shown, query) if query else shown

    too_vague = approximate = False
    if query:
        results, too_vague = search.matching(documents, query)
    else:
        results = documents.order_by("-year", "title", "pk")
    results = form.apply(results)
    page = Paginator(search.RankedPages(results, load), PAGE_SIZE).get_page(request.GET.get("page"))
    if query and not too_vague and page.paginator.count == 0:
        # The closest titles, once: counting, paging and facets then read a short list.
        close = search.approximate(form.apply(documents), query)
        ids = list(close.values_list("pk", flat=True)[:APPROXIMATE_LIMIT])
        results = close.filter(pk__in=ids)
        page = Paginator(search.RankedPages(results, load), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        approximate = bool(ids)
    _with_excerpts(page.object_list, query)
    form.show_counts(_facets(results))
    context = {
        "form": form,
        "page": page,
        "query": query,
        "too_vague": too_vague,
        "approximate": approximate,
    }
    return context


@require_http_methods(["GET", "POST"])
@login_required
def similar_problems(request):
    """The « déjà investigué ailleurs » panel of the problem submission form: htmx posts
    the title, description and themes as they are typed and gets the panel; without
    JavaScript, the form's button posts them here and gets this page, whose own form
    refines the text."""
    form = SimilarProblemsForm(request.POST if request.method == "POST" else None)
    # A wrong theme id leaves the text to compare with (cleaned_data keeps valid fields).
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    problems = similar_for_author(
        request.user,
        title=data.get("title", ""),
        problem=data.get("problem", ""),
        theme_ids=[theme.pk for theme in data.get("themes", [])],
    )
    context = {"problems": problems, "searched": bool(data.get("title") or data.get("problem"))}
    if request.htmx:
        return render(request, "knowledge/includes/similar.html", context)
    return render(request, "knowledge/similar_page.html", {**context, "form": form})
