"""The fiche problème inside the platform: its readers (whoever sees the investigation)
read it and its history; its team writes it; the programme's coach or an admin publishes
and unpublishes it; an admin downloads it as a beta.gouv.fr fiche."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from incubateur.concurrency import ConcurrentEditError, typed_over
from investigations import access
from investigations.betagouv import fiche_as_markdown
from investigations.forms.fiche import FicheFigureFormSet, FicheForm
from investigations.models import Fiche
from investigations.progress import phase_notice
from investigations.publication import (
    PublicationRefused,
    fiche_for,
    fiche_publish,
    fiche_save,
    fiche_unpublish,
)
from investigations.views import investigation_or_404
from programmes.access import is_admin
from programmes.models import TransitionError

TEMPLATE = "investigations/fiche/fiche_form.html"


def _context(request, investigation, fiche, **extra):
    notice = phase_notice(investigation)
    return {
        "investigation": investigation,
        "fiche": fiche,
        "can_edit": access.can_edit_fiche(request.user, investigation) and not notice,
        "can_publish": access.can_publish_fiche(request.user, investigation) and fiche.pk,
        "can_download": is_admin(request.user) and fiche.pk,
        "notice": notice,
        "revisions": fiche.revisions.select_related("author")[:20] if fiche.pk else [],
        "figures": fiche.figures.all() if fiche.pk else [],
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def fiche_form(request, pk):
    investigation = investigation_or_404(request.user, pk)
    fiche = fiche_for(investigation)
    if request.method != "POST":
        context = _context(request, investigation, fiche)
        if context["can_edit"]:
            context["form"] = FicheForm(instance=fiche)
            context["formset"] = FicheFigureFormSet(
                instance=fiche if fiche.pk else None, prefix="figures"
            )
        return render(request, TEMPLATE, context)
    if not access.can_edit_fiche(request.user, investigation):
        raise PermissionDenied
    form = FicheForm(request.POST, instance=fiche)
    formset = FicheFigureFormSet(
        request.POST, instance=fiche if fiche.pk else Fiche(), prefix="figures"
    )
    if not (form.is_valid() and formset.is_valid()):
        context = _context(request, investigation, fiche_for(investigation))
        return render(request, TEMPLATE, {**context, "form": form, "formset": formset})
    try:
        fiche_save(
            fiche=form.instance,
            by=request.user,
            expected_version=form.cleaned_data.get("version"),
            figures=formset,
        )
    except ConcurrentEditError as error:
        current = fiche_for(investigation)
        form = FicheForm(typed_over(request.POST, current.version), instance=current)
        context = _context(request, investigation, current, conflict=str(error))
        return render(request, TEMPLATE, {**context, "form": form, "formset": formset})
    except PublicationRefused as refusal:
        context = _context(request, investigation, fiche_for(investigation), refusal=refusal)
        return render(request, TEMPLATE, {**context, "form": form, "formset": formset})
    except TransitionError as error:
        context = _context(request, investigation, fiche_for(investigation), refused=str(error))
        return render(request, TEMPLATE, {**context, "form": form, "formset": formset})
    messages.success(request, _("La fiche problème est enregistrée."))
    return redirect("investigations:fiche_form", investigation.pk)


@login_required
@require_POST
def fiche_publication(request, pk):
    """POST action=publish or action=unpublish."""
    investigation = investigation_or_404(request.user, pk)
    if not access.can_publish_fiche(request.user, investigation):
        raise PermissionDenied
    fiche = Fiche.objects.filter(investigation=investigation).first()
    if fiche is None:
        messages.error(request, _("L’équipe n’a pas encore écrit sa fiche problème."))
        return redirect("investigations:fiche_form", investigation.pk)
    if request.POST.get("action") == "unpublish":
        fiche_unpublish(fiche=fiche, by=request.user)
        messages.success(request, _("La fiche n’est plus publique."))
        return redirect("investigations:fiche_form", investigation.pk)
    try:
        fiche = fiche_publish(fiche=fiche, by=request.user)
    except PublicationRefused as refusal:
        context = _context(request, investigation, fiche, refusal=refusal)
        return render(request, TEMPLATE, context)
    messages.success(request, _("La fiche est publiée."))
    return redirect("investigations:fiche_form", investigation.pk)


@login_required
@require_GET
def fiche_betagouv(request, pk):
    """One problem as a beta.gouv.fr startup fiche (YAML front matter and Markdown), ready
    to propose to the beta.gouv.fr site: admins only."""
    investigation = investigation_or_404(request.user, pk)
    if not is_admin(request.user):
        raise PermissionDenied
    fiche = Fiche.objects.with_public_data().filter(investigation=investigation).first()
    if fiche is None:
        raise Http404
    response = HttpResponse(fiche_as_markdown(fiche), content_type="text/markdown; charset=utf-8")
    name = fiche.slug or f"probleme-{investigation.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.md"'
    return response
