"""The programme dashboard: its call, its selection, its investigations, their milestones
and the teams' activity week by week, for the programme's selection committee."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from incubateur import charts, fragments
from investigations.models import Hypothesis, Investigation
from investigations.progress import Progress, changes_at, load_teams, progress_rows
from programmes.models import Programme
from reports import figures


@login_required
@require_http_methods(["GET"])
def programme_dashboard(request, slug):
    """For the referents of its collectivités, its coach and designer, and admins:
    everyone else gets a 404, as for the selection. Everyone sees the same content,
    kept in the cache until the programme's data changes (incubateur.fragments)."""
    programme = get_object_or_404(
        Programme.objects.selectable_by(request.user).select_related("coach", "designer"),
        slug=slug,
    )
    content = fragments.cached(
        "programme_dashboard",
        [fragments.programme_scope(programme.pk)],
        lambda: _content(request, programme),
    )
    context = {"programme": programme, "content": content}
    return render(request, "programmes/dashboard.html", context)


def _content(request, programme):
    """The dashboard's content and when it goes out of date with no write."""
    now = timezone.now()
    today = timezone.localdate(now)
    call = figures.call_figures(programme, today)
    selection = figures.selection_figures(programme)
    rows = progress_rows(
        Investigation.objects.filter(programme=programme).order_by("submission__title"),
        now=now,
    )
    load_teams(rows)
    milestones = figures.milestone_figures(programme, today)
    activity = figures.activity_per_week(programme)
    context = {
        "programme": programme,
        "collectivities": programme.collectivities.all(),
        "call": call,
        "call_figures": _call_key_figures(call),
        "call_charts": _call_charts(call),
        "selection": selection,
        "selection_figures": _selection_key_figures(call, selection),
        "selection_charts": _selection_charts(call, selection),
        "rows": rows,
        "status_figures": _status_key_figures(rows),
        "hypotheses_chart": _hypotheses_chart(rows),
        "milestones_chart": _milestones_chart(milestones),
        "activity_figures": _activity_key_figures(activity),
        "activity_charts": _activity_charts(activity),
    }
    html = render_to_string("programmes/dashboard.html#content", context, request)
    return html, changes_at(rows, now)


def _number(value):
    return charts.format_number(value)


def _call_key_figures(call):
    # Each label agrees with its number: « 0 problème retenu », « 2 problèmes retenus ».
    return [
        (ngettext("problème déposé", "problèmes déposés", call.submitted), _number(call.submitted)),
        (ngettext("problème retenu", "problèmes retenus", call.selected), _number(call.selected)),
        (
            ngettext(
                "candidature d’intrapreneur", "candidatures d’intrapreneurs", call.candidacies
            ),
            _number(call.candidacies),
        ),
        (
            ngettext(
                "candidature avec l’accord du responsable",
                "candidatures avec l’accord du responsable",
                call.candidacies_with_agreement,
            ),
            _number(call.candidacies_with_agreement),
        ),
    ]


def _call_charts(call):
    return [
        charts.column_chart(
            chart_id="depots-par-jour",
            title=_("Problèmes déposés par jour"),
            data=[(format_date(day, "d/m"), count) for day, count in call.per_day],
            full_labels=[format_date(day, "l j F Y") for day, _count in call.per_day],
            label_header=_("Jour"),
            value_header=_("Problèmes déposés"),
            empty_text=_("Aucun problème déposé pour l’instant."),
        ),
        charts.bar_chart(
            chart_id="depots-par-service",
            title=_("Problèmes déposés par service"),
            data=call.per_service,
            label_header=_("Service"),
            value_header=_("Problèmes déposés"),
            empty_text=_("Aucun problème déposé pour l’instant."),
        ),
    ]


def _selection_key_figures(call, selection):
    return [
        (
            ngettext("évaluation faite", "évaluations faites", selection.reviews),
            _number(selection.reviews),
        ),
        (
            ngettext("problème sans évaluation", "problèmes sans évaluation", call.unreviewed),
            _number(call.unreviewed),
        ),
        (_("note moyenne sur 5"), _number(selection.average)),
        (_("impact sur les usagers (moyenne)"), _number(selection.impact)),
        (_("ampleur du problème (moyenne)"), _number(selection.scale)),
        (_("faisabilité en 12 semaines (moyenne)"), _number(selection.feasibility)),
    ]


def _selection_charts(call, selection):
    reviewers = selection.reviewers
    ranked = selection.ranked
    return [
        charts.bar_chart(
            chart_id="evaluations-par-membre",
            title=ngettext(
                "Évaluations faites par membre du comité, sur %(count)s problème déposé",
                "Évaluations faites par membre du comité, sur %(count)s problèmes déposés",
                call.submitted,
            )
            % {"count": call.submitted},
            data=[(str(reviewer), reviewer.reviews_done) for reviewer in reviewers],
            maximum=call.submitted or None,
            total=False,
            label_header=_("Membre du comité"),
            value_header=_("Évaluations faites"),
            extra_headers=[_("Note moyenne donnée")],
            extras=[[_number(reviewer.average_given)] for reviewer in reviewers],
            empty_text=_("Aucune évaluation pour l’instant."),
        ),
        charts.bar_chart(
            chart_id="meilleures-notes",
            title=_("Les problèmes les mieux notés (note moyenne sur 5)"),
            data=[(submission.title, submission.average_score) for submission in ranked],
            maximum=5,
            integer=False,
            total=False,
            colour=charts.GREEN_EMERAUDE,
            label_header=_("Problème"),
            value_header=_("Note moyenne"),
            extra_headers=[_("Évaluations"), _("Statut")],
            extras=[
                [_number(submission.review_count), submission.get_status_display()]
                for submission in ranked
            ],
            empty_text=_("Aucun problème n’a encore été évalué."),
        ),
    ]


def _status_key_figures(rows):
    # The status rules run in Python (investigations.progress) on the rows shown anyway.
    statuses = [row.progress.status for row in rows]
    return [(label, _number(statuses.count(status))) for status, label in Progress.LABELS.items()]


def _hypotheses_chart(rows):
    return charts.stacked_chart(
        chart_id="hypotheses-par-investigation",
        title=_("Hypothèses par investigation et par statut"),
        series=[
            (Hypothesis.Status.TO_TEST, Hypothesis.Status.TO_TEST.label, charts.BLUE_CUMULUS),
            (Hypothesis.Status.VALIDATED, Hypothesis.Status.VALIDATED.label, charts.GREEN_EMERAUDE),
            (
                Hypothesis.Status.INVALIDATED,
                Hypothesis.Status.INVALIDATED.label,
                charts.PINK_TUILE,
            ),
        ],
        rows=[
            (
                row.investigation.submission.title,
                dict(
                    zip(
                        Hypothesis.Status.values,
                        row.progress.hypotheses,
                        strict=True,
                    )
                ),
            )
            for row in rows
        ],
        label_header=_("Investigation"),
        empty_text=_("Aucune hypothèse pour l’instant."),
    )


def _milestones_chart(milestones):
    return charts.stacked_chart(
        chart_id="jalons-par-etape",
        title=_("Jalons de toutes les investigations, par étape"),
        series=[
            ("done", _("Réalisés"), charts.GREEN_EMERAUDE),
            ("late", _("En retard"), charts.PINK_TUILE),
            ("upcoming", _("À venir"), charts.BLUE_CUMULUS),
        ],
        rows=[
            (
                milestone.label,
                {"done": milestone.done, "late": milestone.late, "upcoming": milestone.upcoming},
            )
            for milestone in milestones
        ],
        label_header=_("Étape"),
        empty_text=_("Aucun jalon : les investigations n’ont pas commencé."),
    )


def _activity_key_figures(activity):
    logs = sum(week.logs for week in activity)
    people = sum(week.people_met for week in activity)
    hours = sum(week.hours for week in activity)
    return [
        (ngettext("journal envoyé", "journaux envoyés", logs), _number(logs)),
        (ngettext("personne rencontrée", "personnes rencontrées", people), _number(people)),
        # French keeps a number below 2 singular: « 1,5 heure consacrée ».
        (ngettext("heure consacrée", "heures consacrées", int(hours)), _number(hours)),
    ]


def _activity_charts(activity):
    labels = [_("S%(week)s") % {"week": week.week} for week in activity]
    full_labels = [_("semaine %(week)s") % {"week": week.week} for week in activity]
    common = {
        # Three side by side: drawn narrower, so that their text keeps its size.
        "width": 360,
        "label_header": _("Semaine"),
        "full_labels": full_labels,
        "empty_text": _("Aucun journal envoyé pour l’instant."),
    }
    return [
        charts.column_chart(
            chart_id="journaux-par-semaine",
            title=_("Journaux envoyés par semaine"),
            data=list(zip(labels, [week.logs for week in activity], strict=True)),
            value_header=_("Journaux envoyés"),
            **common,
        ),
        charts.column_chart(
            chart_id="rencontres-par-semaine",
            title=_("Personnes rencontrées par semaine"),
            data=list(zip(labels, [week.people_met for week in activity], strict=True)),
            value_header=_("Personnes rencontrées"),
            colour=charts.GREEN_ARCHIPEL,
            **common,
        ),
        charts.column_chart(
            chart_id="heures-par-semaine",
            title=_("Heures consacrées par semaine"),
            data=list(zip(labels, [week.hours for week in activity], strict=True)),
            value_header=_("Heures"),
            integer=False,
            colour=charts.PURPLE_GLYCINE,
            **common,
        ),
    ]
