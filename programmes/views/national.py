"""The national dashboard: every programme and the Incubateur's totals, for admins."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from incubateur import charts, fragments
from investigations.models import CommitteeReview, Conclusion
from programmes import access
from programmes.forms.themes import NationalThemeFilterForm
from programmes.models import Collectivity, Programme
from programmes.views.exports import export_links
from reports import figures
from reports.funnel import funnel

# The programme table, newest first: at national scale (hundreds of programmes, most of
# them closed) the page shows a page of them, not every one.
PAGE_SIZE = 10

# From the draft's grey to the closed programme's green, each next to a distinct hue.
STATUS_COLOURS = {
    Programme.Status.DRAFT: charts.BEIGE_GRIS_GALET,
    Programme.Status.CALL_OPEN: charts.BLUE_CUMULUS,
    Programme.Status.SELECTION: charts.PURPLE_GLYCINE,
    Programme.Status.INVESTIGATION: charts.BLUE_FRANCE,
    Programme.Status.CLOSED: charts.GREEN_EMERAUDE,
}


@login_required
@require_http_methods(["GET"])
@vary_on_headers("HX-Request")
def national_dashboard(request):
    """Admins only. The page names no tenant's object, so others get a 403, as for the
    programme creation form, rather than a 404. Its content (or the programme table
    htmx asks for) is kept in the cache until a programme's data changes
    (incubateur.fragments)."""
    if not access.is_admin(request.user):
        raise PermissionDenied
    partial = request.htmx and not request.htmx.history_restore_request
    part = "programmes" if partial else "content"
    html = fragments.cached(
        f"national_dashboard:{part}",
        [fragments.PROGRAMMES],
        lambda: (
            render_to_string(
                f"programmes/national_dashboard.html#{part}", _context(request), request
            ),
            None,
        ),
        # The theme filter and the page, as the pagination's links keep them.
        vary=(sorted(request.GET.lists()),),
    )
    if partial:
        return HttpResponse(html)
    return render(request, "programmes/national_dashboard.html", {"content": html})


def _context(request):
    today = timezone.localdate()
    national = figures.national_figures_cached()
    theme_form = NationalThemeFilterForm(request.GET)
    page = Paginator(theme_form.apply(figures.programmes_with_progress(today)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # The filter's theme narrows the funnel too: counted live (two queries), the
    # all-themes funnel comes with the cached national figures.
    funnel_theme = theme_form.cleaned_data.get("theme")
    funnel_data = funnel(theme=funnel_theme) if funnel_theme else national.funnel
    return {
        "national": national,
        "figures_cache_seconds": fragments.PART_SECONDS,
        "key_figures": _key_figures(national),
        "programme_charts": _programme_charts(national),
        "outcome_charts": _outcome_charts(national),
        "funnel_chart": _funnel_chart(funnel_data, funnel_theme),
        "funnel_theme": funnel_theme,
        "page": page,
        "programmes": page.object_list,
        "theme_form": theme_form,
        "export_links": export_links(),
    }


def _key_figures(national):
    number = charts.format_number
    return [
        (_("programmes"), number(sum(national.by_status.values()))),
        (_("problèmes déposés"), number(national.submitted)),
        (_("investigations"), number(national.investigations)),
        (_("intrapreneurs"), number(national.intrapreneurs)),
        (_("journaux envoyés"), number(national.logs)),
        (_("personnes rencontrées"), number(national.people_met)),
        (_("heures consacrées"), number(national.hours)),
    ]


def _programme_charts(national):
    status_series = [
        (status, label, STATUS_COLOURS[status]) for status, label in Programme.Status.choices
    ]
    return [
        charts.bar_chart(
            chart_id="programmes-par-statut",
            title=_("Programmes par statut"),
            data=[(label, national.by_status[status]) for status, label, _c in status_series],
            label_header=_("Statut"),
            value_header=_("Programmes"),
            empty_text=_("Aucun programme pour l’instant."),
        ),
        charts.stacked_chart(
            chart_id="programmes-par-type",
            title=_("Programmes par type de collectivité et par statut"),
            series=status_series,
            rows=[
                (label, national.by_kind_and_status[kind])
                for kind, label in Collectivity.Kind.choices
            ],
            label_header=_("Type de collectivité"),
            empty_text=_("Aucun programme pour l’instant."),
        ),
        charts.bar_chart(
            chart_id="programmes-par-departement",
            title=_("Programmes par département"),
            data=[
                (code or _("Département non renseigné"), count)
                for code, count in national.by_departement
            ],
            total=False,
            label_header=_("Département"),
            value_header=_("Programmes"),
            empty_text=_("Aucun programme pour l’instant."),
        ),
    ]


def _funnel_chart(funnel, theme=None):
    """The funnel as bars (all years), its table with a column per year."""
    rows = funnel.rows()
    title = _("De l’appel à problèmes aux services essaimés")
    if theme:
        title = _("%(title)s — thématique « %(theme)s »") % {"title": title, "theme": theme.name}
    return charts.bar_chart(
        chart_id="entonnoir",
        title=title,
        data=[(label, total) for label, total, _per_year in rows],
        total=False,
        colour=charts.BLUE_FRANCE,
        label_header=_("Étape"),
        value_header=_("Toutes années"),
        extra_headers=[str(year) for year in funnel.years],
        extras=[[charts.format_number(count) for count in per_year] for *_x, per_year in rows],
        empty_text=_("Aucun problème déposé pour l’instant."),
    )


def _outcome_charts(national):
    return [
        charts.bar_chart(
            chart_id="decisions-du-comite",
            title=_("Décisions des comités d’investissement"),
            data=[
                (label, national.decisions[value])
                for value, label in CommitteeReview.Decision.choices
            ],
            colour=charts.BLUE_CUMULUS,
            label_header=_("Décision"),
            value_header=_("Investigations"),
            empty_text=_("Aucun comité n’a encore décidé."),
        ),
        charts.bar_chart(
            chart_id="recommandations",
            title=_("Recommandations des conclusions"),
            data=[
                (label, national.recommendations[value])
                for value, label in Conclusion.Recommendation.choices
            ],
            colour=charts.GREEN_EMERAUDE,
            label_header=_("Recommandation"),
            value_header=_("Investigations"),
            empty_text=_("Aucune conclusion pour l’instant."),
        ),
        charts.bar_chart(
            chart_id="problemes-confirmes",
            title=_("Le problème est-il confirmé ?"),
            data=[
                (label, national.confirmations[value])
                for value, label in Conclusion.Confirmed.choices
            ],
            colour=charts.PURPLE_GLYCINE,
            label_header=_("Problème confirmé"),
            value_header=_("Investigations"),
            empty_text=_("Aucune conclusion pour l’instant."),
        ),
    ]
