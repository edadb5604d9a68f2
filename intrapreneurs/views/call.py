"""The call for problems and for intrapreneurs, on the agents' side.

Programmes are fetched through `Programme.objects.open_to_agent(user)` and submissions
through `ProblemSubmission.objects.visible_to(user)`: anything else answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from incubateur.audit.services import Action, record
from incubateur.concurrency import typed_over
from incubateur.formtokens.services import AlreadySubmitted, posted_form_token
from incubateur.ratelimits import TOO_MANY_ATTEMPTS, limit_posts
from intrapreneurs.forms.call import CandidacyForm, SubmissionForm
from intrapreneurs.models import Candidacy, ProblemSubmission
from intrapreneurs.services import (
    ConcurrentEditError,
    attachment_delete,
    candidacy_save,
    submission_delete,
    submission_save,
    submission_withdraw,
)
from investigations.models import Investigation
from knowledge.similar import similar_for_author
from programmes.models import Programme, TransitionError


def _call_programme(user, slug: str) -> Programme:
    """A programme whose call the user may take part in: a member of its collectivités."""
    return get_object_or_404(Programme.objects.open_to_agent(user), slug=slug)


def _refusal(submission: ProblemSubmission) -> str:
    if submission.programme.accepts_submissions():
        return _(
            "Ce problème est en cours de sélection : vos modifications n’ont pas été enregistrées."
        )
    return _(
        "L’appel à problèmes de ce programme est clos : vos modifications n’ont pas été "
        "enregistrées."
    )


@login_required
@require_GET
def call_detail(request, slug):
    programme = _call_programme(request.user, slug)
    submissions = ProblemSubmission.objects.filter(
        programme=programme, author=request.user
    ).select_related("programme")
    candidacy = Candidacy.objects.filter(programme=programme, agent=request.user).first()
    return render(
        request,
        "intrapreneurs/call/call_detail.html",
        {
            "programme": programme,
            "is_open": programme.accepts_submissions(),
            "submissions": submissions,
            "candidacy": candidacy,
        },
    )


def _submission_form_page(request, form, submission, status=200, **context):
    title, problem = form["title"].value() or "", form["problem"].value() or ""
    return render(
        request,
        "intrapreneurs/call/submission_form.html",
        {
            "form": form,
            "submission": submission,
            "programme": submission.programme,
            "editable": submission.is_editable_by_author(),
            # Browsers can't fill a file input again: say so when a post is shown back.
            "files_dropped": request.method == "POST" and bool(request.FILES),
            # « Déjà investigué ailleurs », from what the form holds (htmx updates it).
            "similar_problems": similar_for_author(
                request.user, title=str(title), problem=str(problem)
            ),
            "searched": bool(title or problem),
            **context,
        },
        status=status,
    )


def _save_submission(request, form, submission):
    """Save through the service; on a refusal, re-render the form with what was typed.
    The form has already checked the files with the service's own `validate_upload`."""
    try:
        submission_save(
            submission=submission,
            submit=form.submit,
            expected_version=form.cleaned_data.get("version"),
            files=form.cleaned_data["attachments"],
            themes=form.cleaned_data.get("themes"),
            by=request.user,
            form_token=posted_form_token(request.POST),
        )
    except AlreadySubmitted as error:
        messages.info(request, str(error))
        return redirect("intrapreneurs:call_detail", submission.programme.slug)
    except ConcurrentEditError as error:
        current = ProblemSubmission.objects.select_related("programme").get(pk=submission.pk)
        form = SubmissionForm(
            data=typed_over(request.POST, current.version),
            instance=ProblemSubmission.objects.get(pk=submission.pk),
            submit=form.submit,
        )
        form.is_valid()
        return _submission_form_page(request, form, current, conflict=str(error), current=current)
    except TransitionError as error:
        return _submission_form_page(request, form, submission, refused=str(error))
    if form.submit:
        message = _("Votre problème est soumis. Vous pouvez le modifier jusqu’au %(date)s.") % {
            "date": date_format(submission.programme.call_closes_on, "j F Y")
        }
    else:
        message = _("Votre brouillon est enregistré. Il n’est pas encore soumis.")
    messages.success(request, message)
    return redirect("intrapreneurs:submission_detail", submission.pk)


@require_http_methods(["GET", "POST"])
@login_required
@limit_posts("submissions", user="RATE_LIMIT_SUBMISSIONS_PER_USER")
def submission_create(request, slug):
    programme = _call_programme(request.user, slug)
    collectivities = list(programme.collectivities.filter(memberships__user=request.user))
    submission = ProblemSubmission(
        programme=programme, author=request.user, collectivity=collectivities[0]
    )
    return _submission_form(request, submission, collectivities=collectivities)


@require_http_methods(["GET", "POST"])
@login_required
@limit_posts("submissions", user="RATE_LIMIT_SUBMISSIONS_PER_USER")
def submission_update(request, pk):
    submission = get_object_or_404(
        ProblemSubmission.objects.filter(author=request.user).select_related("programme"), pk=pk
    )
    return _submission_form(request, submission)


def _submission_form(request, submission, collectivities=None):
    """The form of a new submission (`collectivities`: the author's, among the
    programme's) or of an existing one."""
    if request.method != "POST":
        form = SubmissionForm(instance=submission, collectivities=collectivities)
        return _submission_form_page(request, form, submission)
    form = SubmissionForm(
        data=request.POST,
        files=request.FILES,
        instance=submission,
        submit=request.POST.get("action") == "submit",
        collectivities=collectivities,
    )
    if request.limited:
        form.add_error(None, TOO_MANY_ATTEMPTS)
        return _submission_form_page(request, form, submission, status=429)
    # A new submission is a draft: editable exactly while the call is open.
    if not submission.is_editable_by_author():
        return _submission_form_page(request, form, submission, refused=_refusal(submission))
    if form.is_valid():
        return _save_submission(request, form, submission)
    return _submission_form_page(request, form, submission)


@login_required
@require_GET
def submission_detail(request, pk):
    submission = get_object_or_404(
        ProblemSubmission.objects.visible_to(request.user).select_related(
            "programme", "collectivity", "author"
        ),
        pk=pk,
    )
    is_author = submission.author_id == request.user.pk
    return render(
        request,
        "intrapreneurs/call/submission_detail.html",
        {
            "submission": submission,
            "programme": submission.programme,
            "attachments": submission.attachments.all(),
            "is_author": is_author,
            "is_author_and_editable": is_author and submission.is_editable_by_author(),
            # A pivot's draft links back to the investigation it comes from.
            "pivoted_from": Investigation.objects.visible_to(request.user)
            .filter(next_step__pivot_submission=submission)
            .first(),
        },
    )


def _own_submission_or_404(user, pk) -> ProblemSubmission:
    return get_object_or_404(
        ProblemSubmission.objects.filter(author=user).select_related("programme"), pk=pk
    )


@login_required
@require_POST
def submission_withdraw_view(request, pk):
    submission = _own_submission_or_404(request.user, pk)
    try:
        submission_withdraw(submission=submission, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "Votre problème est retiré de l’appel : c’est de nouveau un brouillon, que le "
                "comité ne voit pas. Vous pouvez le soumettre à nouveau avant le %(date)s."
            )
            % {"date": date_format(submission.programme.call_closes_on, "j F Y")},
        )
    return redirect("intrapreneurs:submission_detail", submission.pk)


@login_required
@require_POST
def submission_delete_view(request, pk):
    submission = _own_submission_or_404(request.user, pk)
    if not request.POST.get("confirm"):
        messages.error(
            request, _("Cochez la case de confirmation pour supprimer définitivement ce brouillon.")
        )
        return redirect("intrapreneurs:submission_detail", submission.pk)
    try:
        submission_delete(submission=submission, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("intrapreneurs:submission_detail", submission.pk)
    messages.success(
        request, _("Le brouillon « %(title)s » est supprimé.") % {"title": submission.title}
    )
    return redirect("intrapreneurs:call_detail", submission.programme.slug)


@login_required
@require_POST
def attachment_delete_view(request, pk, attachment_pk):
    submission = _own_submission_or_404(request.user, pk)
    attachment = get_object_or_404(submission.attachments, pk=attachment_pk)
    try:
        attachment_delete(attachment=attachment, by=request.user)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("La pièce jointe « %(name)s » est supprimée.") % {"name": attachment.original_name},
        )
    return redirect("intrapreneurs:submission_detail", submission.pk)


@login_required
@require_GET
@cache_control(private=True, no_store=True)
def attachment_download(request, pk, attachment_pk):
    submission = get_object_or_404(ProblemSubmission.objects.visible_to(request.user), pk=pk)
    attachment = get_object_or_404(submission.attachments, pk=attachment_pk)
    response = attachment.download_response()
    record(actor=request.user, action=Action.ATTACHMENT_DOWNLOADED, target=attachment)
    return response


@require_http_methods(["GET", "POST"])
@login_required
def candidacy_form(request, slug):
    programme = _call_programme(request.user, slug)
    candidacy = Candidacy.objects.filter(programme=programme, agent=request.user).first()
    candidacy = candidacy or Candidacy(programme=programme, agent=request.user)
    problems = programme.submissions.submitted().order_by("title")
    context = {"programme": programme, "candidacy": candidacy}
    if request.method == "POST":
        form = CandidacyForm(data=request.POST, instance=candidacy, problems=problems)
        if not programme.accepts_submissions():
            context["refused"] = _(
                "L’appel à intrapreneurs de ce programme est clos : "
                "votre candidature n’a pas été modifiée."
            )
        elif form.is_valid():
            try:
                candidacy_save(
                    candidacy=candidacy,
                    preferred_problems=form.cleaned_data["preferred_problems"],
                    by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    form_token=posted_form_token(request.POST),
                )
            except AlreadySubmitted as error:
                messages.info(request, str(error))
                return redirect("intrapreneurs:call_detail", programme.slug)
            except ConcurrentEditError as error:
                # Saved meanwhile, perhaps for the first time by another tab: the form
                # now goes over that candidacy.
                candidacy = Candidacy.objects.get(programme=programme, agent=request.user)
                context["candidacy"] = candidacy
                form = CandidacyForm(
                    data=typed_over(request.POST, candidacy.version),
                    instance=candidacy,
                    problems=problems,
                )
                form.is_valid()
                context["conflict"] = str(error)
            except TransitionError as error:
                context["refused"] = str(error)
            else:
                messages.success(request, _("Votre candidature est enregistrée. Merci !"))
                return redirect("intrapreneurs:call_detail", programme.slug)
    else:
        form = CandidacyForm(instance=candidacy, problems=problems)
    context.update(form=form, is_open=programme.accepts_submissions())
    return render(request, "intrapreneurs/call/candidacy_form.html", context)
