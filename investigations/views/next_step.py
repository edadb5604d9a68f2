"""The next step of the investment committee's decision (investigations.next_steps).

Read by everyone who sees the investigation; written by its team and its ANCT team while
the programme is in its investigation phase (403 for its other readers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from incubateur.concurrency import ConcurrentEditError, typed_over
from investigations import next_steps
from investigations.forms.next_step import PivotForm, next_step_form_class
from investigations.models import NextStep
from investigations.progress import phase_notice
from investigations.views import investigation_or_404
from programmes.models import TransitionError

TEMPLATE = "investigations/outcome/next_step.html"


def _next_step(investigation) -> NextStep:
    found = NextStep.objects.select_related("pivot_submission__programme").filter(
        investigation=investigation
    )
    return found.first() or NextStep(investigation=investigation)


def _form(decision, investigation, data=None):
    if decision == "pivot":
        return PivotForm(data, programmes=next_steps.pivot_programmes(investigation))
    if decision:
        return next_step_form_class(decision)(data, instance=_next_step(investigation))
    return None


@require_http_methods(["GET", "POST"])
@login_required
def next_step(request, pk):
    investigation = investigation_or_404(request.user, pk)
    decision = next_steps.decision_of(investigation)
    current = _next_step(investigation)
    may_write = next_steps.may_write_next_step(request.user, investigation)
    notice = phase_notice(investigation)
    done_pivot = decision == "pivot" and current.pivot_submission_id
    can_write = bool(may_write and not notice and decision and not done_pivot)
    context = {
        "investigation": investigation,
        "decision": decision,
        "next_step": current,
        "can_write": can_write,
        "notice": notice,
    }
    if request.method != "POST":
        context["form"] = _form(decision, investigation) if can_write else None
        if decision == "pivot" and can_write:
            context["no_programme"] = not next_steps.pivot_programmes(investigation).exists()
        return render(request, TEMPLATE, context)
    if not may_write:
        raise PermissionDenied
    form = _form(decision, investigation, request.POST)
    context["form"] = form
    if not can_write or form is None:
        context.update(can_write=False, refused=notice or _("Rien n’est à enregistrer ici."))
        return render(request, TEMPLATE, context)
    if not form.is_valid():
        return render(request, TEMPLATE, context)
    try:
        if decision == "pivot":
            submission = next_steps.pivot_create(
                investigation=investigation,
                programme=form.cleaned_data["programme"],
                title=form.cleaned_data["title"],
                learnings=form.cleaned_data["learnings"],
                by=request.user,
            )
            messages.success(
                request,
                _("Le brouillon « %(title)s » est créé dans « %(programme)s ».")
                % {"title": submission.title, "programme": submission.programme.name},
            )
        else:
            next_steps.next_step_save(
                next_step=form.instance,
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("La suite donnée au comité est enregistrée."))
    except ConcurrentEditError as error:
        data = typed_over(request.POST, _next_step(investigation).version)
        context.update(form=_form(decision, investigation, data), conflict=str(error))
        return render(request, TEMPLATE, context)
    except next_steps.NextStepRefused as error:
        for finding in error.findings:
            form.add_error(None, str(finding))
        return render(request, TEMPLATE, context)
    except TransitionError as error:
        context.update(can_write=False, refused=str(error))
        return render(request, TEMPLATE, context)
    return redirect("investigations:next_step", investigation.pk)
