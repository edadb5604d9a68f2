"""Milestones, the investment committee's grid and the conclusion of an investigation.

The ANCT team that follows the investigation (coach, designer, admins) marks milestones
and fills the committee's grid; the intrapreneurs write the conclusion; everyone who sees
the investigation reads them. The investigation is fetched through
`Investigation.objects.visible_to(user)` and the milestone through it (404 otherwise);
those who see a page without the right to write get it read-only, and a 403 on POST.
Nothing is writable outside the programme's investigation phase."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from incubateur.concurrency import ConcurrentEditError, typed_over
from investigations import access, services
from investigations.forms.outcome import (
    CommitteeReviewForm,
    ConclusionFigureFormSet,
    ConclusionForm,
    MilestoneForm,
    ProposalFormSet,
)
from investigations.models import CommitteeReview, Conclusion
from investigations.progress import phase_notice
from investigations.views import investigation_or_404, investigation_url
from programmes.models import TransitionError


@require_http_methods(["GET", "POST"])
@login_required
def milestone_update(request, pk, milestone_pk):
    investigation = investigation_or_404(request.user, pk)
    milestone = get_object_or_404(investigation.milestones.all(), pk=milestone_pk)
    follows = access.follows_investigation(request.user, investigation)
    notice = phase_notice(investigation)
    context = {
        "investigation": investigation,
        "milestone": milestone,
        "can_write": follows and not notice,
        "notice": notice,
    }
    if request.method != "POST":
        context["form"] = MilestoneForm(instance=milestone) if context["can_write"] else None
        return render(request, "investigations/outcome/milestone_form.html", context)
    if not follows:
        raise PermissionDenied
    undo = request.POST.get("action") == "undo"
    form = MilestoneForm(request.POST, instance=milestone, undo=undo)
    context["form"] = form
    if notice:
        context.update(can_write=False, refused=notice)
        return render(request, "investigations/outcome/milestone_form.html", context)
    if not form.is_valid():
        return render(request, "investigations/outcome/milestone_form.html", context)
    try:
        services.milestone_mark(
            milestone=milestone,
            done_on=None if undo else form.cleaned_data["done_on"],
            note=form.cleaned_data["note"],
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except ConcurrentEditError as error:
        # The page shows the milestone as saved meanwhile; the form, what was typed.
        current = get_object_or_404(investigation.milestones.all(), pk=milestone_pk)
        data = typed_over(request.POST, current.version)
        form = MilestoneForm(
            data, instance=investigation.milestones.get(pk=milestone_pk), undo=undo
        )
        context.update(form=form, milestone=current, conflict=str(error))
        return render(request, "investigations/outcome/milestone_form.html", context)
    except TransitionError as error:
        context.update(can_write=False, refused=str(error))
        return render(request, "investigations/outcome/milestone_form.html", context)
    if undo:
        message = _("« %(milestone)s » est de nouveau à venir.")
    else:
        message = _("« %(milestone)s » est marqué comme réalisé.")
    messages.success(request, message % {"milestone": milestone.get_kind_display()})
    return redirect(investigation_url(investigation, "jalons"))


def _committee_review(investigation) -> CommitteeReview:
    review = CommitteeReview.objects.select_related("updated_by").filter(
        investigation=investigation
    )
    return review.first() or CommitteeReview(investigation=investigation)


@require_http_methods(["GET", "POST"])
@login_required
def committee_review(request, pk):
    investigation = investigation_or_404(request.user, pk)
    review = _committee_review(investigation)
    follows = access.follows_investigation(request.user, investigation)
    notice = phase_notice(investigation)
    context = {
        "investigation": investigation,
        "review": review,
        "can_write": follows and not notice,
        "notice": notice,
    }
    template = "investigations/outcome/committee_review.html"
    if request.method != "POST":
        context["form"] = CommitteeReviewForm(instance=review) if context["can_write"] else None
        return render(request, template, context)
    if not follows:
        raise PermissionDenied
    # The form works on its own copy: a bound form writes what was typed into its
    # instance, and the page may show the saved grid.
    form = CommitteeReviewForm(request.POST, instance=_committee_review(investigation))
    context["form"] = form
    if notice:
        context.update(can_write=False, refused=notice)
        return render(request, template, context)
    if not form.is_valid():
        return render(request, template, context)
    try:
        services.committee_save(
            review=form.instance,
            by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except (ConcurrentEditError, IntegrityError) as error:
        current = _committee_review(investigation)
        data = typed_over(request.POST, current.version)
        form = CommitteeReviewForm(data, instance=_committee_review(investigation))
        context.update(form=form, review=current, conflict=_conflict_message(error))
        return render(request, template, context)
    except TransitionError as error:
        context.update(can_write=False, refused=str(error))
        return render(request, template, context)
    messages.success(request, _("La grille du comité d’investissement est enregistrée."))
    return redirect("investigations:committee_review", investigation.pk)


def _conclusion(investigation) -> Conclusion:
    conclusion = Conclusion.objects.filter(investigation=investigation).prefetch_related(
        "figures", "proposals", "authors"
    )
    return conclusion.first() or Conclusion(investigation=investigation)


def _conclusion_forms(conclusion, data=None):
    return (
        ConclusionForm(data, instance=conclusion),
        ConclusionFigureFormSet(data, instance=conclusion, prefix="chiffres"),
        ProposalFormSet(data, instance=conclusion, prefix="propositions"),
    )


def _conflict_message(error) -> str:
    """ConcurrentEditError explains itself; an IntegrityError means that someone created
    the record since this form was opened blank (it is one per investigation)."""
    if isinstance(error, ConcurrentEditError):
        return str(error)
    return _(
        "Quelqu’un d’autre a enregistré ce contenu depuis que vous avez ouvert le formulaire. "
        "Vos saisies sont conservées ci-dessous : vérifiez la version enregistrée avant "
        "d’enregistrer à nouveau."
    )


@require_http_methods(["GET", "POST"])
@login_required
def conclusion(request, pk):
    investigation = investigation_or_404(request.user, pk)
    current = _conclusion(investigation)
    is_member = access.is_team_member(request.user, investigation)
    notice = phase_notice(investigation)
    context = {
        "investigation": investigation,
        "conclusion": current,
        "can_write": is_member and not notice,
        "notice": notice,
    }
    template = "investigations/outcome/conclusion.html"
    if request.method != "POST":
        if context["can_write"]:
            form, figures, proposals = _conclusion_forms(current)
            context.update(form=form, figures=figures, proposals=proposals)
        return render(request, template, context)
    if not is_member:
        raise PermissionDenied
    # The forms work on their own copy: bound forms write what was typed into their
    # instance, and the page may show the saved conclusion.
    form, figures, proposals = _conclusion_forms(_conclusion(investigation), request.POST)
    context.update(form=form, figures=figures, proposals=proposals)
    if notice:
        context.update(can_write=False, refused=notice, unsaved_formsets=[figures, proposals])
        return render(request, template, context)
    # Validate all three so that every error shows at once.
    valid = [form.is_valid(), figures.is_valid(), proposals.is_valid()]
    if not all(valid):
        return render(request, template, context)
    try:
        services.conclusion_save(
            conclusion=form.instance,
            by=request.user,
            expected_version=form.cleaned_data["version"],
            figures=figures,
            proposals=proposals,
        )
    except (ConcurrentEditError, IntegrityError) as error:
        current = _conclusion(investigation)
        data = typed_over(request.POST, current.version)
        form, figures, proposals = _conclusion_forms(_conclusion(investigation), data)
        context.update(
            conclusion=current,
            form=form,
            figures=figures,
            proposals=proposals,
            conflict=_conflict_message(error),
        )
        return render(request, template, context)
    except TransitionError as error:
        context.update(can_write=False, refused=str(error), unsaved_formsets=[figures, proposals])
        return render(request, template, context)
    messages.success(request, _("La conclusion est enregistrée."))
    return redirect("investigations:conclusion", investigation.pk)
