"""The follow-up of an investigation: comments (by its ANCT team and its intrapreneurs),
and the ANCT team's actions: attendance, reopening a locked log, handling a help request.

The investigation is fetched through `Investigation.objects.visible_to(user)` and the
log or session through that investigation, so anyone outside its programme gets a 404.
Those who see it without the right to act (referents; intrapreneurs for the ANCT team's
actions) get a 403. An htmx request gets the updated fragment; without JavaScript the
view redirects back to the fragment's anchor on the investigation page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incubateur.formtokens.services import AlreadySubmitted, posted_form_token
from investigations import access, services
from investigations.forms.follow_up import AttendanceForm, CommentForm
from investigations.models import Comment, Investigation, WeeklyLog
from investigations.views import investigation_or_404, investigation_url
from programmes.models import TransitionError


def readable_comments(user, investigation):
    """Comments with their author, without the ANCT-private ones unless the user follows
    the investigation. Not filtered by investigation, so that it can feed a Prefetch."""
    comments = Comment.objects.select_related("author")
    if not access.follows_investigation(user, investigation):
        comments = comments.visible_to_team()
    return comments


def _comments_anchor(log: WeeklyLog | None) -> str:
    return f"commentaires-journal-{log.pk}" if log else "commentaires-investigation"


def _posted_log(investigation, value: str) -> WeeklyLog | None:
    """The log a comment is about, from the POST; a log of another investigation is a 404."""
    if not value:
        return None
    try:
        # Refuses "²" (a digit for str.isdigit) and numbers of more than 4,300 digits.
        pk = int(value)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(investigation.logs.select_related("session"), pk=pk)


def _posted_reply_to(user, investigation, value: str) -> Comment | None:
    """The comment a reply answers, from the POST, among those the user may read on this
    investigation; any other is a 404."""
    if not value:
        return None
    try:
        pk = int(value)
    except ValueError:
        raise Http404 from None
    comments = readable_comments(user, investigation).filter(investigation=investigation)
    return get_object_or_404(comments.select_related("log__session", "reply_to"), pk=pk)


@login_required
@require_POST
def comment_create(request, pk):
    investigation = investigation_or_404(request.user, pk)
    permissions = access.follow_up_permissions(request.user, investigation)
    if not permissions["can_comment"]:
        raise PermissionDenied
    reply_to = _posted_reply_to(request.user, investigation, request.POST.get("reply_to", ""))
    if reply_to is not None:
        log = reply_to.log
    else:
        log = _posted_log(investigation, request.POST.get("log", ""))
    private_allowed = permissions["can_comment_privately"]
    form = CommentForm(request.POST, log=log, private_allowed=private_allowed, reply_to=reply_to)
    error = notice = None
    if form.is_valid():
        try:
            services.comment_post(
                investigation=investigation,
                log=log,
                reply_to=reply_to,
                body=form.cleaned_data["body"],
                by=request.user,
                visibility=form.chosen_visibility,
                form_token=posted_form_token(request.POST),
            )
        except AlreadySubmitted as exception:
            notice = str(exception)
        except TransitionError as exception:
            error = str(exception)
        else:
            notice = (
                _("Votre réponse est publiée.") if reply_to else _("Votre commentaire est publié.")
            )
        if error is None:
            if not request.htmx:
                messages.success(request, notice)
                return redirect(investigation_url(investigation, _comments_anchor(log)))
            form, reply_to = CommentForm(log=log, private_allowed=private_allowed), None
    if error and not request.htmx:
        messages.error(request, error)
        return redirect(investigation_url(investigation, _comments_anchor(log)))
    context = {
        **permissions,
        "investigation": investigation,
        "log": log,
        "comments": readable_comments(request.user, investigation).filter(
            investigation=investigation, log=log
        ),
        "comment_form": form,
        "replying_to": reply_to.pk if reply_to else None,
        "comment_error": error,
        "comment_notice": notice,
        "page_url": investigation_url(investigation, _comments_anchor(log)),
    }
    if request.htmx:
        return render(request, "investigations/follow_up/includes/comments.html", context)
    # Without JavaScript, the errors come back on a page of their own, with the text kept.
    return render(request, "investigations/follow_up/comment_form.html", context)


@login_required
@require_POST
def attendance_set(request, pk, session_pk):
    investigation = investigation_or_404(request.user, pk)
    session = get_object_or_404(investigation.sessions, pk=session_pk)
    if not access.follows_investigation(request.user, investigation):
        raise PermissionDenied
    team = investigation.team.all()
    form = AttendanceForm(request.POST, team=team)
    error = None
    if form.is_valid():
        member = form.cleaned_data["user"]
        try:
            services.attendance_set(
                session=session, user=member, status=form.cleaned_data["status"], by=request.user
            )
        except TransitionError as exception:
            error = str(exception)
    else:
        error = _("Choisissez une personne de l’équipe et sa présence.")
    if request.htmx:
        context = {
            "investigation": investigation,
            "session": investigation.sessions.prefetch_related("attendances").get(pk=session.pk),
            "team": team,
            "can_record": True,
            "attendance_error": error,
        }
        return render(request, "investigations/follow_up/includes/attendance.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("La présence de %(name)s en semaine %(week)d est enregistrée.")
            % {"name": member, "week": session.week},
        )
    return redirect(investigation_url(investigation, f"presences-semaine-{session.week}"))


def _followed_log(request, pk, log_pk) -> tuple[Investigation, WeeklyLog]:
    investigation = investigation_or_404(request.user, pk)
    log = get_object_or_404(investigation.logs.select_related("session"), pk=log_pk)
    if not access.follows_investigation(request.user, investigation):
        raise PermissionDenied
    return investigation, log


@login_required
@require_POST
def log_reopen(request, pk, log_pk):
    investigation, log = _followed_log(request, pk, log_pk)
    try:
        services.log_reopen(log=log, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Le journal de la semaine %(week)d est rouvert jusqu’au %(date)s. Ses auteurs "
                "en sont prévenus par courriel."
            )
            % {"week": log.week, "date": date_format(log.reopened_until, "j F Y")},
        )
    return redirect(investigation_url(investigation, f"suivi-journal-{log.pk}"))


@login_required
@require_POST
def help_handled(request, pk, log_pk):
    investigation, log = _followed_log(request, pk, log_pk)
    try:
        services.help_mark_handled(log=log, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("La demande d’aide de la semaine %(week)d est marquée comme traitée.")
            % {"week": log.week},
        )
    return redirect(investigation_url(investigation, f"suivi-journal-{log.pk}"))
