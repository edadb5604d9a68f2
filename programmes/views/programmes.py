from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from incubateur.audit.services import record_programme_team
from incubateur.concurrency import ConcurrentEditError, bump_version, typed_over
from intrapreneurs.services import call_closing_preview, programme_close_call
from investigations.models import Investigation
from investigations.phase import programme_close
from programmes import access, services
from programmes.forms import CallContentForm, ProgrammeForm
from programmes.models import Programme, TransitionError
from programmes.views.exports import export_links


@dataclass(frozen=True)
class Action:
    """A status change offered on the programme page."""

    name: str
    from_status: str
    label: str
    help_text: str
    done: str
    service: Callable
    allowed: Callable
    # The page that states what the change does and asks to confirm it, when it has one:
    # the change is made only by its form (a `confirmed` field).
    confirm: str | None = None


ACTIONS = {
    action.name: action
    for action in [
        Action(
            name="open_call",
            from_status=Programme.Status.DRAFT,
            label=gettext_lazy("Ouvrir l’appel à problèmes"),
            help_text=gettext_lazy(
                "Les agents des collectivités verront le programme et pourront déposer "
                "des problèmes et se porter volontaires."
            ),
            done=gettext_lazy("L’appel à problèmes est ouvert."),
            service=services.programme_open_call,
            allowed=access.can_manage_call,
        ),
        Action(
            name="close_call",
            from_status=Programme.Status.CALL_OPEN,
            label=gettext_lazy("Clore l’appel et commencer la sélection"),
            help_text=gettext_lazy("Les agents ne pourront plus déposer ni modifier de problème."),
            done=gettext_lazy("L’appel est clos : la sélection commence."),
            service=programme_close_call,
            allowed=access.can_manage_call,
            confirm="programmes:close_call_confirm",
        ),
        Action(
            name="close",
            from_status=Programme.Status.INVESTIGATION,
            label=gettext_lazy("Clore le programme"),
            help_text=gettext_lazy(
                "Possible après la dernière séance ; les investigations passent en lecture seule."
            ),
            done=gettext_lazy("Le programme est clos."),
            service=programme_close,
            allowed=access.can_close_programme,
        ),
    ]
}


def visible_programme_or_404(user, slug):
    return get_object_or_404(
        Programme.objects.visible_to(user).select_related("coach", "designer"), slug=slug
    )


@login_required
@require_http_methods(["GET"])
def programme_list(request):
    programmes = (
        Programme.objects.visible_to(request.user)
        .select_related("coach", "designer")
        .prefetch_related("collectivities")
    )
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes, "can_create": access.is_admin(request.user)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def programme_create(request):
    if not access.is_admin(request.user):
        raise PermissionDenied
    return _programme_form(request, Programme())


@require_http_methods(["GET", "POST"])
@login_required
def programme_update(request, slug):
    programme = visible_programme_or_404(request.user, slug)
    if not access.can_update_programme(request.user, programme):
        raise PermissionDenied
    return _programme_form(request, programme)


def _programme_form(request, programme):
    creating = programme.pk is None
    previous_team = {"coach_id": programme.coach_id, "designer_id": programme.designer_id}
    form = ProgrammeForm(request.POST or None, instance=programme)
    context = {"programme": programme, "creating": creating}
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                if not creating:
                    bump_version(Programme, programme, form.cleaned_data["version"])
                programme = form.save()
                record_programme_team(by=request.user, programme=programme, previous=previous_team)
        except ConcurrentEditError as error:
            # What was typed, over the version saved meanwhile, which the page shows too.
            current = Programme.objects.prefetch_related("collectivities").get(pk=programme.pk)
            form = ProgrammeForm(
                typed_over(request.POST, current.version),
                instance=Programme.objects.get(pk=programme.pk),
            )
            context.update(programme=current, conflict=str(error))
        else:
            if creating:
                messages.success(request, _("Le programme a été créé, au statut brouillon."))
            else:
                messages.success(request, _("Le programme a été modifié."))
            return redirect("programmes:programme_detail", slug=programme.slug)
    context["form"] = form
    return render(request, "programmes/programme_form.html", context)


@login_required
@require_http_methods(["GET"])
def programme_detail(request, slug):
    user = request.user
    programme = visible_programme_or_404(user, slug)
    actions = [
        action
        for action in ACTIONS.values()
        if action.from_status == programme.status and action.allowed(user, programme)
    ]
    steps = Programme.ORDER
    current = steps.index(programme.status)
    on_committee = access.is_on_selection_committee(user, programme)
    context = {
        "programme": programme,
        "collectivities": programme.collectivities.all(),
        "transitions": programme.transitions.select_related("by"),
        "actions": actions,
        "can_update": access.can_update_programme(user, programme),
        # The call's text is written before and while the call is open.
        "can_edit_call_text": programme.status
        in {Programme.Status.DRAFT, Programme.Status.CALL_OPEN}
        and access.can_manage_call(user, programme),
        # Referents reach their own collectivité's page from the menu.
        "links_collectivities": access.is_admin(user),
        # The dashboard is the selection committee's: Programme.objects.selectable_by.
        "shows_dashboard": on_committee,
        # Reports: the same people (Report.objects.visible_to), never agents, once there
        # are investigations to report on.
        "shows_reports": on_committee and programme.has_reached(Programme.Status.INVESTIGATION),
        "step_number": current + 1,
        "step_count": len(steps),
        "next_status": Programme.Status(programme.next_status) if programme.next_status else None,
        # The call and the selection have their pages in the intrapreneurs app.
        # Agents answer the call; its committee follows what is submitted, read only.
        "shows_call": programme.status == Programme.Status.CALL_OPEN
        and not on_committee
        and access.can_take_part_in_call(user, programme),
        "shows_submissions": programme.status == Programme.Status.CALL_OPEN and on_committee,
        "shows_selection": programme.status == Programme.Status.SELECTION and on_committee,
        "export_links": export_links(programme)
        if access.can_export_programme(user, programme)
        else [],
        # Intrapreneurs see their own team's; the ANCT team and referents see them all.
        "investigations": Investigation.objects.visible_to(user)
        .filter(programme=programme)
        .select_related("submission__collectivity")
        .prefetch_related("team")
        .order_by("submission__title"),
    }
    return render(request, "programmes/programme_detail.html", context)


@login_required
@require_POST
def programme_transition(request, slug):
    programme = visible_programme_or_404(request.user, slug)
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponseBadRequest(_("Action inconnue."))
    if not action.allowed(request.user, programme):
        raise PermissionDenied
    if action.confirm and not request.POST.get("confirmed"):
        return redirect(action.confirm, slug=programme.slug)
    try:
        action.service(programme=programme, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, action.done)
    return redirect("programmes:programme_detail", slug=programme.slug)


@login_required
@require_http_methods(["GET"])
def close_call_confirm(request, slug):
    """What closing the call now does (its real closing date, the drafts left out, the
    people told), with the button that does it."""
    programme = visible_programme_or_404(request.user, slug)
    if not access.can_manage_call(request.user, programme):
        raise PermissionDenied
    if programme.status != Programme.Status.CALL_OPEN:
        messages.info(request, _("L’appel à problèmes de ce programme n’est pas ouvert."))
        return redirect("programmes:programme_detail", slug=programme.slug)
    context = {
        "programme": programme,
        "action": ACTIONS["close_call"],
        "preview": call_closing_preview(programme=programme),
    }
    return render(request, "programmes/close_call_confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def call_content_update(request, slug):
    """The call's introduction, themes and contact: admins and the referents of its
    collectivités (who run the call) write them."""
    programme = visible_programme_or_404(request.user, slug)
    if not access.can_manage_call(request.user, programme):
        raise PermissionDenied
    form = CallContentForm(request.POST or None, instance=programme)
    context = {"programme": programme}
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                bump_version(Programme, programme, form.cleaned_data["version"])
                form.save()
        except ConcurrentEditError as error:
            form = CallContentForm(
                typed_over(request.POST, Programme.objects.get(pk=programme.pk).version),
                instance=Programme.objects.get(pk=programme.pk),
            )
            form.is_valid()
            context["conflict"] = str(error)
        else:
            messages.success(request, _("Le texte de l’appel est enregistré."))
            return redirect("programmes:programme_detail", slug=programme.slug)
    context["form"] = form
    return render(request, "programmes/call_content_form.html", context)
