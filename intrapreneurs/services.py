"""The call and the selection: workflows across submissions, candidacies, reviews and
programmes. Finalising the selection creates investigations: investigations.phase."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from incubateur.audit.services import Action, changed_fields, record
from incubateur.concurrency import ConcurrentEditError, bump_version
from incubateur.formtokens.services import form_token_claim
from intrapreneurs.models import (
    Candidacy,
    ProblemSubmission,
    SelectionReview,
    SubmissionAttachment,
)
from intrapreneurs.notifications import notify_call_closed, notify_submission_receipt
from programmes.models import Programme, TransitionError

MAX_TEAM_SIZE = 3

__all__ = ["ConcurrentEditError"]  # views catch it from here


@transaction.atomic
def submission_save(
    *,
    submission: ProblemSubmission,
    submit: bool,
    expected_version=None,
    files=(),
    themes=None,
    by,
    form_token: str | None = None,
) -> ProblemSubmission:
    """Save an agent's submission (new or edited), optionally submit it, and store its
    attachments. The receipt email goes out when it is first submitted. A form already
    sent (`form_token`) raises AlreadySubmitted."""
    form_token_claim(token=form_token, user=by)
    programme = submission.programme
    if not programme.accepts_submissions():
        raise TransitionError(
            _("L’appel à problèmes de ce programme est clos : le problème n’est plus modifiable.")
        )
    if submission.pk and submission.status not in {
        ProblemSubmission.Status.DRAFT,
        ProblemSubmission.Status.SUBMITTED,
    }:
        raise TransitionError(
            _("Ce problème est en cours de sélection : il n’est plus modifiable.")
        )
    creating = submission.pk is None
    fields = changed_fields(submission)
    if not creating:
        bump_version(ProblemSubmission, submission, expected_version)
    first_submission = submit and submission.status == ProblemSubmission.Status.DRAFT
    if first_submission:
        submission.status = ProblemSubmission.Status.SUBMITTED
        submission.submitted_at = timezone.now()
    submission.save()
    if themes is not None:
        submission.themes.set(themes)
    for upload in files:
        attachment_add(submission=submission, upload=upload, by=by)
    if first_submission:
        notify_submission_receipt(submission=submission)
        action = Action.SUBMISSION_SUBMITTED
    else:
        action = Action.SUBMISSION_CREATED if creating else Action.SUBMISSION_UPDATED
    changes = {"fields": fields} if fields else {}
    if files:
        changes["attachments_added"] = len(files)
    record(actor=by, action=action, target=submission, changes=changes)
    return submission


@transaction.atomic
def submission_set_themes(*, submission: ProblemSubmission, themes, by) -> None:
    """The committee corrects the themes while it selects (afterwards, admins do it in
    the Django admin), whatever the submission's status."""
    if submission.programme.status != Programme.Status.SELECTION:
        raise TransitionError(
            _("La sélection n’est pas en cours : les thématiques ne sont plus modifiables ici.")
        )
    submission.themes.set(themes)
    record(
        actor=by,
        action=Action.SUBMISSION_UPDATED,
        target=submission,
        changes={"fields": ["themes"]},
    )


def attachment_add(*, submission, upload, by) -> SubmissionAttachment:
    return SubmissionAttachment.create_from_upload(upload, by=by, submission=submission)


def _locked_for_author(submission: ProblemSubmission) -> ProblemSubmission:
    """The submission, locked, while its author may still change it (the call is open)."""
    submission = (
        ProblemSubmission.objects.select_for_update()
        .select_related("programme")
        .get(pk=submission.pk)
    )
    if not submission.programme.accepts_submissions():
        raise TransitionError(
            _("L’appel à problèmes de ce programme est clos : le problème n’est plus modifiable.")
        )
    return submission


def _delete_files_after_commit(files) -> None:
    names = [(file.storage, file.name) for file in files if file]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


@transaction.atomic
def submission_withdraw(*, submission: ProblemSubmission, by) -> ProblemSubmission:
    """Its author takes a submitted problem back before the call closes: it becomes a
    draft again, which the committee does not see, and may be submitted again."""
    submission = _locked_for_author(submission)
    if submission.status != ProblemSubmission.Status.SUBMITTED:
        raise TransitionError(_("Ce problème n’est pas soumis : il n’y a rien à retirer."))
    submission.status = ProblemSubmission.Status.DRAFT
    submission.submitted_at = None
    submission.version = F("version") + 1
    submission.save(update_fields=["status", "submitted_at", "version", "updated_at"])
    submission.refresh_from_db(fields=["version"])
    record(actor=by, action=Action.SUBMISSION_WITHDRAWN, target=submission)
    return submission


@transaction.atomic
def submission_delete(*, submission: ProblemSubmission, by) -> None:
    """Its author deletes a draft (and its files) before the call closes."""
    submission = _locked_for_author(submission)
    if not submission.is_draft:
        raise TransitionError(
            _("Seul un brouillon peut être supprimé : retirez d’abord ce problème de l’appel.")
        )
    record(
        actor=by,
        action=Action.SUBMISSION_DELETED,
        target=submission,
        changes={"title": submission.title},
    )
    _delete_files_after_commit(attachment.file for attachment in submission.attachments.all())
    submission.delete()


@transaction.atomic
def attachment_delete(*, attachment: SubmissionAttachment, by) -> None:
    submission = _locked_for_author(attachment.submission)
    if submission.status not in {
        ProblemSubmission.Status.DRAFT,
        ProblemSubmission.Status.SUBMITTED,
    }:
        raise TransitionError(
            _("Ce problème est en cours de sélection : il n’est plus modifiable.")
        )
    record(
        actor=by,
        action=Action.ATTACHMENT_DELETED,
        target=submission,
        changes={"attachment": attachment.original_name},
    )
    _delete_files_after_commit([attachment.file])
    attachment.delete()


@transaction.atomic
def candidacy_save(
    *, candidacy: Candidacy, preferred_problems, by, expected_version=None, form_token=None
) -> Candidacy:
    form_token_claim(token=form_token, user=by)
    if not candidacy.programme.accepts_submissions():
        raise TransitionError(_("L’appel à intrapreneurs de ce programme est clos."))
    if candidacy.pk:
        bump_version(Candidacy, candidacy, expected_version)
        candidacy.save()
    else:
        try:
            # A savepoint: a second tab's candidacy must not break the transaction.
            with transaction.atomic():
                candidacy.save()
        except IntegrityError as error:
            raise ConcurrentEditError(
                _("Vous vous êtes déjà porté volontaire pour ce programme : rechargez la page.")
            ) from error
    candidacy.preferred_problems.set(preferred_problems)
    record(
        actor=by,
        action=Action.CANDIDACY_SAVED,
        target=candidacy,
        changes={
            "manager_agrees": candidacy.manager_agrees,
            "preferred_problems": sorted(problem.pk for problem in preferred_problems),
        },
    )
    return candidacy


@dataclass(frozen=True)
class CallClosingPreview:
    """What closing a programme's call now does, for the confirmation page."""

    closes_on: datetime.date
    planned_closing: datetime.date
    submitted: int
    drafts: int
    # Everyone told by email: the authors of submitted problems and of drafts.
    told: int

    @property
    def is_early(self) -> bool:
        return self.closes_on < self.planned_closing


def call_closing_preview(*, programme: Programme, today=None) -> CallClosingPreview:
    """One query: the status and author of each of the programme's problems."""
    today = today or timezone.localdate()
    rows = list(programme.submissions.values_list("status", "author"))
    drafts = sum(1 for status, _author in rows if status == ProblemSubmission.Status.DRAFT)
    return CallClosingPreview(
        closes_on=min(today, programme.call_closes_on),
        planned_closing=programme.call_closes_on,
        submitted=len(rows) - drafts,
        drafts=drafts,
        told=len({author for _status, author in rows}),
    )


@transaction.atomic
def programme_close_call(*, programme: Programme, by, today=None):
    """End the call and start the selection. Closed before its planned end, the call's
    closing date becomes the real one (the calendars show it); the authors of submitted
    problems and of drafts are told by email (drafts are no longer submittable)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    today = today or timezone.localdate()
    if not programme.submissions.submitted().exists():
        raise TransitionError(
            _("Aucun problème n’a été soumis : la sélection ne peut pas commencer.")
        )
    changes = {}
    if today < programme.call_closes_on:
        changes["call_closes_on"] = [programme.call_closes_on.isoformat(), today.isoformat()]
        programme.call_closes_on = today
        # A call opened before its planned opening: the dates stay in order.
        programme.call_opens_on = min(programme.call_opens_on, today)
        programme.save(update_fields=["call_opens_on", "call_closes_on", "updated_at"])
    transition = programme.move_to(Programme.Status.SELECTION, by=by, changes=changes)
    notify_call_closed(programme=programme)
    return transition


def check_selecting(programme: Programme) -> None:
    """The committee changes the selection only while it is under way."""
    if programme.status != Programme.Status.SELECTION:
        raise TransitionError(
            _("La sélection de ce programme n’est pas en cours : elle n’est plus modifiable.")
        )


@transaction.atomic
def review_save(*, submission: ProblemSubmission, reviewer, scores: dict, comment: str):
    check_selecting(submission.programme)
    review, _created = SelectionReview.objects.update_or_create(
        submission=submission, reviewer=reviewer, defaults={**scores, "comment": comment}
    )
    record(
        actor=reviewer,
        action=Action.REVIEW_SAVED,
        target=submission,
        changes={"scores": dict(scores)},
    )
    return review


@transaction.atomic
def submission_set_status(
    *, submission: ProblemSubmission, status: str, by, message: str = ""
) -> ProblemSubmission:
    """Shortlist, select or decline a submission during the selection."""
    check_selecting(submission.programme)
    Status = ProblemSubmission.Status
    if status not in {Status.SUBMITTED, Status.SHORTLISTED, Status.SELECTED, Status.DECLINED}:
        raise TransitionError(_("Ce statut n’est pas possible pendant la sélection."))
    if status == Status.SELECTED and submission.status != Status.SELECTED:
        programme = Programme.objects.select_for_update().get(pk=submission.programme_id)
        selected = programme.submissions.filter(status=Status.SELECTED).count()
        if selected >= programme.target_problems:
            raise TransitionError(
                _("%(count)s problèmes sont déjà retenus : c’est l’objectif du programme.")
                % {"count": selected}
            )
    changes = {"status": [submission.status, status]}
    submission.status = status
    submission.decline_message = message if status == Status.DECLINED else ""
    if status != Status.SELECTED:
        submission.intrapreneurs.clear()
    submission.save(update_fields=["status", "decline_message", "updated_at"])
    record(actor=by, action=Action.SUBMISSION_STATUS_CHANGED, target=submission, changes=changes)
    return submission


@transaction.atomic
def intrapreneurs_assign(
    *, submission: ProblemSubmission, candidacies, by, expected_version: int | None
) -> None:
    """Set a selected problem's team, over the version of the submission the member's
    form was opened on: two members assigning at once must not overwrite each other."""
    check_selecting(submission.programme)
    candidacies = list(candidacies)
    if submission.status != ProblemSubmission.Status.SELECTED:
        raise TransitionError(_("Retenez d’abord ce problème pour lui affecter une équipe."))
    if not 1 <= len(candidacies) <= MAX_TEAM_SIZE:
        raise TransitionError(_("Une équipe compte de un à trois intrapreneurs."))
    if any(c.programme_id != submission.programme_id for c in candidacies):
        raise TransitionError(_("Ces candidatures ne sont pas celles de ce programme."))
    # Lock the chosen volunteers (in id order, so that two members never wait on each
    # other): a member assigning one of them elsewhere at the same moment waits, then
    # sees the other team below.
    chosen = [c.pk for c in candidacies]
    list(Candidacy.objects.filter(pk__in=chosen).order_by("pk").select_for_update())
    _check_not_taken(chosen, submission)
    bump_version(ProblemSubmission, submission, expected_version)
    try:
        # A savepoint: where rows can't be locked (SQLite), the constraint still decides.
        with transaction.atomic():
            submission.intrapreneurs.set(candidacies)
    except IntegrityError as error:
        _check_not_taken(chosen, submission)
        raise TransitionError(_("Un autre membre du comité vient de modifier les équipes.")) from (
            error
        )
    record(
        actor=by,
        action=Action.TEAM_ASSIGNED,
        target=submission,
        changes={"candidacies": sorted(candidacy.pk for candidacy in candidacies)},
    )


def _check_not_taken(candidacy_ids, submission: ProblemSubmission) -> None:
    taken = (
        Candidacy.objects.filter(pk__in=candidacy_ids)
        .filter(assigned_problems__isnull=False)
        .exclude(assigned_problems=submission)
        .select_related("agent")
    )
    if names := ", ".join(str(candidacy.agent) for candidacy in taken):
        raise TransitionError(
            _(
                "Déjà dans l’équipe d’un autre problème : %(names)s. Un intrapreneur ne "
                "rejoint qu’une équipe par programme."
            )
            % {"names": names}
        )
