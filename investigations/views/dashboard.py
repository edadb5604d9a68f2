"""The coaches' and designers' dashboard (their home page): every investigation of the
programmes they follow that are under way, one row each with its progress; a closed
programme's investigations when it is chosen in the filter (as years pass, most followed
programmes are closed: the page stays as long as what is under way). Admins see the
programmes in investigation and may choose a closed one. Anyone else gets a 404.

The figures come from one annotated query (`with_progress`); the status, computed in
Python by `Progress.of`, is filtered and sorted after it, so the query count stays fixed
whatever the number of investigations."""

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Q, When
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from incubateur import fragments
from investigations.forms.dashboard import DashboardFilterForm
from investigations.models import Investigation
from investigations.progress import Progress, changes_at, load_teams, progress_rows
from programmes.access import roles_of
from programmes.forms import ProgrammeSearchForm
from programmes.models import Programme

PAGE_SIZE = 50
WITH_INVESTIGATIONS = [Programme.Status.INVESTIGATION, Programme.Status.CLOSED]
# An admin's programme filter offers the programmes under way and the most recent closed
# ones, up to this many; older ones are found by searching their name.
ADMIN_CHOICES = 30


def _chosen_pk(request) -> int | None:
    """The programme asked for, if its id is a number: it stays among the choices (the
    form then checks it is one of them)."""
    try:
        return int(request.GET.get("programme", ""))
    except ValueError:
        return None


def _admin_programmes(request, search: ProgrammeSearchForm) -> list:
    """Bounded whatever the number of programmes: the chosen one, then those matching
    the search, or without a search those under way and the most recently investigated."""
    programmes = Programme.objects.filter(status__in=WITH_INVESTIGATIONS)
    chosen = Q(pk=_chosen_pk(request))
    under_way = Q(status=Programme.Status.INVESTIGATION)
    if search.terms:
        programmes = search.filter(programmes) | programmes.filter(chosen)
    rank = Case(When(chosen, then=0), When(under_way, then=1), default=2)
    return list(programmes.order_by(rank, "-investigation_starts_on", "name")[:ADMIN_CHOICES])


@login_required
@require_GET
@vary_on_headers("HX-Request")
def dashboard(request):
    """The page's content (or the results htmx asks for) is kept in the cache until one of
    the programmes it shows changes (incubateur.fragments): any programme for admins,
    who may search them all, those they follow for coaches and designers."""
    user = request.user
    roles = roles_of(user)
    if roles.is_admin:
        followed = None
        scopes = [fragments.PROGRAMMES]
    elif roles.follows_programmes:
        followed = list(
            Programme.objects.followed_by(user).prefetch_related("collectivities").order_by("name")
        )
        scopes = [fragments.programme_scope(programme.pk) for programme in followed]
    else:
        raise Http404
    partial = bool(request.htmx and not request.htmx.history_restore_request)
    part = "results" if partial else "content"
    html = fragments.cached(
        f"investigations_dashboard:{part}",
        scopes,
        lambda: _render(request, followed, part),
        # The filters, the search and the page, as the pagination's links keep them.
        vary=(user.pk, sorted(request.GET.lists())),
    )
    if partial:
        return HttpResponse(html)
    context = {"content": html, "followed_programmes": followed}
    return render(request, "investigations/dashboard/dashboard.html", context)


def _render(request, followed, part):
    """The page's `part` ("content" or "results") and when it goes out of date with no
    write: admins (`followed` None) see the programmes in investigation and may choose a
    closed one or search them all; the others, the programmes they follow."""
    search = None
    if followed is None:
        search = ProgrammeSearchForm(request.GET)
        programmes = _admin_programmes(request, search)
    else:
        programmes = followed
    investigated = [p for p in programmes if p.status in WITH_INVESTIGATIONS]
    under_way = [p for p in investigated if p.status == Programme.Status.INVESTIGATION]
    form = DashboardFilterForm(request.GET, programmes=investigated)
    # A search shows the matching programmes' investigations, under way or closed.
    searching = search is not None and search.terms
    shown = investigated if form.cleaned_data.get("programme") or searching else under_way
    now = timezone.now()
    rows = progress_rows(
        form.filter_investigations(Investigation.objects.filter(programme__in=shown)), now=now
    )
    counts = Counter(row.progress.status for row in rows)
    page = Paginator(form.filter_rows(rows), PAGE_SIZE).get_page(request.GET.get("page"))
    load_teams(page.object_list)
    context = {
        "form": form,
        "search": search,
        "page": page,
        "show_programme": len(investigated) > 1,
        "total": len(rows),
        "closed_only": not under_way and len(investigated) > 0,
        "status_counts": [
            (Progress.LABELS[status], counts[status])
            for status in (Progress.STALLED, Progress.WATCH, Progress.ON_TRACK)
        ],
        # The ANCT team's home: the programmes they follow, whatever their stage.
        "followed_programmes": [
            {"programme": programme, "is_member": False, "on_committee": True}
            for programme in followed or []
        ],
    }
    html = render_to_string(f"investigations/dashboard/dashboard.html#{part}", context, request)
    return html, changes_at(rows, now)
