"""The investigation page and its weekly logs (journal de bord).

Investigations are fetched through `Investigation.objects.visible_to(user)`: anyone outside
the investigation's programme gets a 404. Everyone who sees an investigation reads its
logs; only the intrapreneurs of its team write them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from incubateur.audit.services import Action, record
from incubateur.concurrency import ConcurrentEditError, typed_over
from investigations import access, services
from investigations.check_ins import check_ins_of
from investigations.forms.logs import LogFigureFormSet, WeeklyLogForm
from investigations.models import (
    CheckInAnswer,
    Investigation,
    TeamMembership,
    WeeklyLog,
    WeeklySession,
)
from investigations.progress import (
    Calendar,
    log_read_only_reason,
    phase_is_open,
    progress_rows,
)
from investigations.views import investigation_or_404
from investigations.views.follow_up import readable_comments
from knowledge.similar import similar_to_investigation
from programmes.models import TransitionError

# The investigation page


def _page_prefetches(user, investigation) -> list:
    """Everything the page and its partials show, in a fixed number of queries."""
    comments = readable_comments(user, investigation)
    logs = WeeklyLog.objects.select_related("session").prefetch_related(
        "authors",
        Prefetch("comments", queryset=comments),
    )
    return [
        Prefetch(
            "team_memberships",
            queryset=TeamMembership.objects.select_related("user").order_by(
                "user__last_name", "user__first_name", "user__email"
            ),
        ),
        Prefetch(
            "sessions",
            queryset=WeeklySession.objects.order_by("week").prefetch_related("attendances"),
        ),
        Prefetch("logs", queryset=logs),
        Prefetch("comments", queryset=comments.filter(log=None), to_attr="general_comments"),
        "hypotheses",
        "milestones",
        Prefetch("check_in_answers", queryset=CheckInAnswer.objects.select_related("respondent")),
    ]


@login_required
@require_GET
def investigation_detail(request, pk):
    investigation = get_object_or_404(
        Investigation.objects.visible_to(request.user).select_related(
            "programme__coach",
            "programme__designer",
            "submission__collectivity",
            "submission__author",
            "committee_review",
            "conclusion",
            "next_step",
            "fiche__sponsor",
        ),
        pk=pk,
    )
    prefetch_related_objects([investigation], *_page_prefetches(request.user, investigation))
    today = timezone.localdate()
    members = [membership.user for membership in investigation.team_memberships.all()]
    programme = investigation.programme
    can_write = phase_is_open(investigation)
    is_member = access.is_team_member(request.user, investigation)
    calendar = Calendar.of(investigation, today=today, is_member=is_member)
    # The same status as its row on the dashboard, while it runs (one query).
    progress = None
    if can_write:
        [row] = progress_rows(Investigation.objects.filter(pk=investigation.pk), now=timezone.now())
        progress = row.progress
    return render(
        request,
        "investigations/investigation_detail.html",
        {
            "investigation": investigation,
            "progress": progress,
            "programme": programme,
            "submission": investigation.submission,
            "weeks": calendar.weeks,
            "current_week": calendar.current_week,
            "comments": investigation.general_comments,
            "team": members,
            "hypotheses": list(investigation.hypotheses.all()),
            "milestones": list(investigation.milestones.all()),
            "committee_review": getattr(investigation, "committee_review", None),
            "conclusion": getattr(investigation, "conclusion", None),
            "next_step": getattr(investigation, "next_step", None),
            # The timeline after the committee: its check-ins and their answers.
            "check_ins": check_ins_of(
                investigation, today, answers=list(investigation.check_in_answers.all()), asked=[]
            ),
            "fiche": getattr(investigation, "fiche", None),
            # « Déjà investigué ailleurs »: published problems of other collectivités.
            "similar_problems": similar_to_investigation(investigation),
            "is_member": is_member,
            "can_write": can_write,
            **access.follow_up_permissions(request.user, investigation),
        },
    )


# The weekly log


def _log_page(request, investigation, log, **context):
    if log.pk:
        prefetch_related_objects(
            [log],
            "authors",
            "figures",
            "attachments",
            "hypotheses_tested",
            Prefetch("comments", queryset=readable_comments(request.user, investigation)),
        )
    return render(
        request,
        "investigations/logs/log_form.html",
        {
            "investigation": investigation,
            "log": log,
            "session": log.session,
            "comments": list(log.comments.all()) if log.pk else [],
            **access.follow_up_permissions(request.user, investigation),
            # Browsers can't fill a file input again: say so when a post is shown back.
            "files_dropped": request.method == "POST" and bool(request.FILES),
            **context,
        },
    )


def _forms(log, data=None, files=None):
    submit = data is not None and data.get("action") == "submit"
    form = WeeklyLogForm(data=data, files=files, instance=log, submit=submit)
    formset = LogFigureFormSet(data=data, instance=log, prefix="figures")
    return form, formset


def _save_log(request, investigation, log, form, formset):
    """Save through the service; on a refusal or a concurrent edit, show the form again
    with everything that was typed."""
    was_new, was_submitted = log.pk is None, log.is_submitted
    try:
        services.log_save(
            log=log,
            submit=form.submit,
            by=request.user,
            expected_version=form.cleaned_data.get("version"),
            hypotheses_tested=form.cleaned_data["hypotheses_tested"],
            figures=formset,
            files=form.cleaned_data["attachments"],
        )
    except (ConcurrentEditError, IntegrityError) as error:
        if isinstance(error, IntegrityError) and not was_new:
            raise
        # IntegrityError: another member created this week's log at the same instant.
        current = services.log_for_week(investigation=investigation, week=log.week)
        data = typed_over(request.POST, current.version)
        # The form gets its own copy: validating it writes the typed text on its instance,
        # and `current` is shown as saved. Figures deleted meanwhile can't be edited.
        editing = services.log_for_week(investigation=investigation, week=log.week)
        form, formset = _forms(editing, data=data)
        conflict = (
            str(error)
            if isinstance(error, ConcurrentEditError)
            else _(
                "Quelqu’un de l’équipe vient d’enregistrer le journal de cette semaine. Vos "
                "saisies sont conservées ci-dessous : vérifiez sa version avant d’enregistrer "
                "à nouveau."
            )
        )
        return _log_page(
            request,
            investigation,
            editing,
            form=form,
            formset=formset,
            editable=True,
            conflict=conflict,
            current=current,
        )
    except TransitionError as error:
        # The form's instance holds the typed text: show the log as saved next to it.
        saved = services.log_for_week(investigation=investigation, week=log.week)
        return _log_page(
            request, investigation, saved, form=form, formset=formset, refused=str(error)
        )
    if was_submitted:
        message = _("Les modifications du journal de la semaine %(week)s sont enregistrées.")
    elif log.is_submitted:
        message = _("Le journal de la semaine %(week)s est envoyé au coach.")
    else:
        message = _(
            "Le brouillon du journal de la semaine %(week)s est enregistré. Il n’est pas "
            "encore envoyé au coach."
        )
    messages.success(request, message % {"week": log.week})
    return redirect("investigations:investigation_detail", investigation.pk)


@require_http_methods(["GET", "POST"])
@login_required
def log_form(request, pk, week):
    """Team members write the week's log; everyone else who sees the investigation reads
    it. A POST from a reader is refused (403): they can see the page, not write on it."""
    investigation = investigation_or_404(request.user, pk)
    prefetch_related_objects([investigation], "team_memberships")
    try:
        log = services.log_for_week(investigation=investigation, week=week)
    except WeeklySession.DoesNotExist as error:
        raise Http404 from error
    is_member = access.is_team_member(request.user, investigation)
    if request.method == "POST" and not is_member:
        raise PermissionDenied
    read_only_reason = log_read_only_reason(investigation, log, timezone.localdate())
    if not is_member or read_only_reason:
        if request.method == "POST":
            # A page left open after the lock or the closing: keep what was typed, on a
            # copy of the log, so that the page also shows it as saved.
            typed = services.log_for_week(investigation=investigation, week=week)
            form, formset = _forms(typed, data=request.POST)
            return _log_page(
                request, investigation, log, form=form, formset=formset, refused=read_only_reason
            )
        return _log_page(request, investigation, log, read_only_reason=read_only_reason)
    if request.method == "POST":
        form, formset = _forms(log, data=request.POST, files=request.FILES)
        # Both are validated, so that every error shows at once.
        if all([form.is_valid(), formset.is_valid()]):
            return _save_log(request, investigation, log, form, formset)
    else:
        form, formset = _forms(log)
    return _log_page(request, investigation, log, form=form, formset=formset, editable=True)


@login_required
@require_GET
@cache_control(private=True, no_store=True)
def log_attachment_download(request, pk, log_pk, attachment_pk):
    investigation = get_object_or_404(Investigation.objects.visible_to(request.user), pk=pk)
    log = get_object_or_404(investigation.logs, pk=log_pk)
    attachment = get_object_or_404(log.attachments, pk=attachment_pk)
    response = attachment.download_response()
    record(actor=request.user, action=Action.ATTACHMENT_DOWNLOADED, target=attachment)
    return response
