"""The hypothesis board of an investigation: its team adds hypotheses and moves them
between statuses; everyone who sees the investigation reads the board and its history.

Coaches and designers follow (they comment on the investigation page) but do not write
hypotheses: the intrapreneurs investigate (DESIGN.md). The investigation is fetched
through `Investigation.objects.visible_to(user)` and the hypothesis through it, so
anyone outside the programme, or a hypothesis of another investigation, is a 404.
Those who see the board without the right to write get a 403 on POST."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from incubateur.concurrency import ConcurrentEditError, typed_over
from incubateur.formtokens.services import AlreadySubmitted, posted_form_token
from investigations import access, services
from investigations.forms.hypotheses import HypothesisAddForm, HypothesisUpdateForm
from investigations.models import Hypothesis, HypothesisChange
from investigations.progress import phase_notice
from investigations.views import investigation_or_404
from programmes.models import TransitionError

BOARD_COLUMNS = [
    (Hypothesis.Status.TO_TEST, _lazy("À tester")),
    (Hypothesis.Status.VALIDATED, _lazy("Validées")),
    (Hypothesis.Status.INVALIDATED, _lazy("Invalidées")),
]


def hypotheses_with_history(investigation):
    """The investigation's hypotheses with their changes and the changes' authors."""
    return investigation.hypotheses.prefetch_related(
        Prefetch("changes", queryset=HypothesisChange.objects.select_related("author"))
    )


def _board_url(investigation, hypothesis=None) -> str:
    url = reverse("investigations:hypothesis_board", args=[investigation.pk])
    return f"{url}#hypothese-{hypothesis.pk}" if hypothesis else url


@require_http_methods(["GET", "POST"])
@login_required
def hypothesis_board(request, pk):
    investigation = investigation_or_404(request.user, pk)
    is_member = access.is_team_member(request.user, investigation)
    notice = phase_notice(investigation)
    refused = ""
    form = None
    if request.method == "POST":
        if not is_member:
            raise PermissionDenied
        form = HypothesisAddForm(request.POST)
        if notice:
            refused = notice
        elif form.is_valid():
            try:
                hypothesis = services.hypothesis_add(
                    investigation=investigation,
                    statement=form.cleaned_data["statement"],
                    evidence=form.cleaned_data["evidence"],
                    by=request.user,
                    form_token=posted_form_token(request.POST),
                )
            except AlreadySubmitted as error:
                messages.info(request, str(error))
                return redirect("investigations:hypothesis_board", investigation.pk)
            except TransitionError as error:
                refused = str(error)
            else:
                messages.success(request, _("L’hypothèse est ajoutée au tableau, « à tester »."))
                return redirect(_board_url(investigation, hypothesis))
    elif is_member and not notice:
        form = HypothesisAddForm()

    hypotheses = list(hypotheses_with_history(investigation))
    columns = [
        (status, title, [hypothesis for hypothesis in hypotheses if hypothesis.status == status])
        for status, title in BOARD_COLUMNS
    ]
    return render(
        request,
        "investigations/hypotheses/board.html",
        {
            "investigation": investigation,
            "columns": columns,
            "form": form,
            "can_write": is_member and not notice,
            "notice": notice,
            "refused": refused,
        },
    )


def _update_page(request, investigation, hypothesis, form, **context):
    return render(
        request,
        "investigations/hypotheses/hypothesis_form.html",
        {"investigation": investigation, "hypothesis": hypothesis, "form": form, **context},
    )


@require_http_methods(["GET", "POST"])
@login_required
def hypothesis_update(request, pk, hypothesis_pk):
    investigation = investigation_or_404(request.user, pk)
    hypothesis = get_object_or_404(hypotheses_with_history(investigation), pk=hypothesis_pk)
    is_member = access.is_team_member(request.user, investigation)
    notice = phase_notice(investigation)
    can_write = is_member and not notice
    if request.method != "POST":
        form = HypothesisUpdateForm(instance=hypothesis) if can_write else None
        return _update_page(
            request, investigation, hypothesis, form, can_write=can_write, notice=notice
        )
    if not is_member:
        raise PermissionDenied
    # The form works on its own copy: a bound form writes what was typed into its
    # instance, and the page shows the saved hypothesis.
    form = HypothesisUpdateForm(request.POST, instance=Hypothesis.objects.get(pk=hypothesis.pk))
    if notice:
        return _update_page(
            request, investigation, hypothesis, form, can_write=False, notice=notice, refused=notice
        )
    if not form.is_valid():
        return _update_page(request, investigation, hypothesis, form, can_write=True)
    try:
        services.hypothesis_update(
            hypothesis=form.instance,
            status=form.cleaned_data["status"],
            evidence=form.cleaned_data["evidence"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except ConcurrentEditError as error:
        current = get_object_or_404(hypotheses_with_history(investigation), pk=hypothesis_pk)
        form = HypothesisUpdateForm(
            typed_over(request.POST, current.version),
            instance=Hypothesis.objects.get(pk=current.pk),
        )
        return _update_page(
            request, investigation, current, form, can_write=True, conflict=str(error)
        )
    except TransitionError as error:
        return _update_page(
            request, investigation, hypothesis, form, can_write=False, refused=str(error)
        )
    messages.success(request, _("L’hypothèse est mise à jour."))
    return redirect(_board_url(investigation, hypothesis))
