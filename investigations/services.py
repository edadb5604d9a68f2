"""Workflows of the investigation phase: logs, hypotheses, follow-up and outcome.

Every write checks that the programme is still in its investigation phase: closing a
programme locks everything but comments."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incubateur.audit.services import Action, changed_fields, record
from incubateur.concurrency import bump_version
from incubateur.formtokens.services import form_token_claim
from investigations.models import (
    Attendance,
    Comment,
    CommitteeReview,
    Conclusion,
    Hypothesis,
    HypothesisChange,
    Investigation,
    LogAttachment,
    Milestone,
    WeeklyLog,
)
from investigations.notifications.actions import (
    notify_comment,
    notify_help_request,
    notify_log_reopened,
)
from programmes.models import Programme, TransitionError

REOPEN_DAYS = 7


def _check_open(investigation: Investigation) -> None:
    if investigation.programme.status != Programme.Status.INVESTIGATION:
        raise TransitionError(
            _("Le programme n’est pas en phase d’investigation : rien n’est plus modifiable.")
        )


def _check_team_member(investigation: Investigation, user) -> None:
    if not investigation.team_memberships.filter(user=user).exists():
        raise TransitionError(
            _(
                "Seuls les intrapreneurs de l’équipe écrivent son journal, ses hypothèses "
                "et sa conclusion."
            )
        )


def milestones_create(*, investigation: Investigation) -> None:
    """The coaches' steps, dated by programme week (the restitution on the last one)."""
    weeks = investigation.programme.weeks
    Milestone.objects.bulk_create(
        Milestone(investigation=investigation, kind=kind, due_week=due or weeks)
        for kind, due in Milestone.DUE_WEEKS.items()
    )


def log_for_week(*, investigation: Investigation, week: int) -> WeeklyLog:
    """The week's log, or a new unsaved one tied to the week's session."""
    log = investigation.logs.filter(week=week).first()
    if log:
        return log
    session = investigation.sessions.get(week=week)
    return WeeklyLog(investigation=investigation, session=session, week=week)


@transaction.atomic
def log_save(
    *,
    log: WeeklyLog,
    submit: bool,
    by,
    expected_version: int | None = None,
    hypotheses_tested=(),
    figures=None,
    files=(),
    today: datetime.date | None = None,
) -> WeeklyLog:
    """Save a week's log written by a team member; submitting it tells the coach and the
    designer when it asks for help. `figures` is an inline formset of LogFigure, if any."""
    today = today or timezone.localdate()
    investigation = log.investigation
    _check_open(investigation)
    _check_team_member(investigation, by)
    if log.session.date > today:
        raise TransitionError(_("Cette semaine n’a pas encore commencé."))
    if log.pk:
        locked = WeeklyLog.objects.select_related("session").get(pk=log.pk)
        if locked.is_locked(today):
            raise TransitionError(
                _(
                    "Ce journal est verrouillé depuis la fin de la semaine suivante. "
                    "Demandez au coach de le rouvrir."
                )
            )
    fields = changed_fields(log)
    if log.pk:
        bump_version(WeeklyLog, log, expected_version)
    first_submission = submit and not log.is_submitted
    if first_submission:
        log.status = WeeklyLog.Status.SUBMITTED
        log.submitted_at = timezone.now()
    log.save()
    log.authors.add(by)
    log.hypotheses_tested.set(hypotheses_tested)
    if figures is not None:
        figures.instance = log
        figures.save()
    for upload in files:
        LogAttachment.create_from_upload(upload, by=by, log=log)
    if first_submission and log.help_request:
        notify_help_request(log=log)
    changes = {"fields": fields, "submitted": first_submission}
    if files:
        changes["attachments_added"] = len(files)
    record(actor=by, action=Action.LOG_SAVED, target=log, changes=changes)
    return log


@transaction.atomic
def log_reopen(*, log: WeeklyLog, by, today: datetime.date | None = None) -> WeeklyLog:
    _check_open(log.investigation)
    today = today or timezone.localdate()
    log.reopened_until = today + datetime.timedelta(days=REOPEN_DAYS)
    log.save(update_fields=["reopened_until", "updated_at"])
    notify_log_reopened(log=log)
    record(
        actor=by,
        action=Action.LOG_REOPENED,
        target=log,
        changes={"reopened_until": log.reopened_until},
    )
    return log


@transaction.atomic
def help_mark_handled(*, log: WeeklyLog, by) -> WeeklyLog:
    log = WeeklyLog.objects.select_for_update().get(pk=log.pk)
    if not log.has_open_help_request:
        raise TransitionError(_("Cette demande d’aide est déjà traitée."))
    log.help_handled_at = timezone.now()
    log.help_handled_by = by
    log.save(update_fields=["help_handled_at", "help_handled_by", "updated_at"])
    record(actor=by, action=Action.LOG_HELP_HANDLED, target=log)
    return log


def _current_week(investigation: Investigation, today) -> int:
    sessions = investigation.sessions.order_by("week")
    return max(investigation.current_week(sessions, today), 1)


@transaction.atomic
def hypothesis_add(
    *,
    investigation: Investigation,
    statement: str,
    evidence: str = "",
    by,
    today=None,
    form_token: str | None = None,
) -> Hypothesis:
    form_token_claim(token=form_token, user=by)
    _check_open(investigation)
    _check_team_member(investigation, by)
    hypothesis = Hypothesis.objects.create(
        investigation=investigation, statement=statement, evidence=evidence, created_by=by
    )
    HypothesisChange.objects.create(
        hypothesis=hypothesis,
        week=_current_week(investigation, today),
        to_status=hypothesis.status,
        evidence=evidence,
        author=by,
    )
    record(
        actor=by,
        action=Action.HYPOTHESIS_ADDED,
        target=hypothesis,
        changes={"status": hypothesis.status},
    )
    return hypothesis


@transaction.atomic
def hypothesis_update(
    *, hypothesis: Hypothesis, status: str, evidence: str, by, expected_version, today=None
) -> Hypothesis:
    """Change a hypothesis' status or evidence; a status change is kept in its history
    with the week and its author."""
    _check_open(hypothesis.investigation)
    _check_team_member(hypothesis.investigation, by)
    previous = Hypothesis.objects.get(pk=hypothesis.pk).status
    bump_version(Hypothesis, hypothesis, expected_version)
    hypothesis.status = status
    hypothesis.evidence = evidence
    fields = changed_fields(hypothesis)
    hypothesis.save()
    if status != previous:
        HypothesisChange.objects.create(
            hypothesis=hypothesis,
            week=_current_week(hypothesis.investigation, today),
            from_status=previous,
            to_status=status,
            evidence=evidence,
            author=by,
        )
    changes = {"status": [previous, status]} if status != previous else {}
    changes["fields"] = fields
    record(actor=by, action=Action.HYPOTHESIS_UPDATED, target=hypothesis, changes=changes)
    return hypothesis


@transaction.atomic
def comment_post(
    *,
    investigation: Investigation,
    body: str,
    by,
    visibility: str,
    log: WeeklyLog | None = None,
    reply_to: Comment | None = None,
    form_token: str | None = None,
) -> Comment:
    """Comments stay possible after the programme closes. Intrapreneurs' comments are
    always visible to the team; a visible comment is emailed to the team. A reply goes
    under the comment it answers (under its thread, for a reply to a reply), on the same
    log, and a reply to an ANCT-private comment stays private."""
    form_token_claim(token=form_token, user=by)
    if reply_to is not None:
        if reply_to.investigation_id != investigation.pk:
            raise TransitionError(_("Ce commentaire n’appartient pas à cette investigation."))
        if reply_to.reply_to_id:
            reply_to = reply_to.reply_to
        log = reply_to.log
        if reply_to.is_private:
            visibility = Comment.Visibility.ANCT
    if log is not None and log.investigation_id != investigation.pk:
        raise TransitionError(_("Ce journal n’appartient pas à cette investigation."))
    comment = Comment.objects.create(
        investigation=investigation,
        log=log,
        reply_to=reply_to,
        author=by,
        body=body,
        visibility=visibility,
    )
    notify_comment(comment=comment)
    record(
        actor=by,
        action=Action.COMMENT_POSTED,
        target=comment,
        changes={
            "visibility": visibility,
            "log": log.pk if log else None,
            "reply_to": reply_to.pk if reply_to else None,
        },
    )
    return comment


@transaction.atomic
def attendance_set(*, session, user, status: str, by, today=None) -> Attendance:
    _check_open(session.investigation)
    if session.date > (today or timezone.localdate()):
        raise TransitionError(_("Cette séance n’a pas encore eu lieu."))
    if not session.investigation.team_memberships.filter(user=user).exists():
        raise TransitionError(_("Cette personne n’est pas dans l’équipe."))
    attendance, _created = Attendance.objects.update_or_create(
        session=session, user=user, defaults={"status": status, "recorded_by": by}
    )
    record(
        actor=by,
        action=Action.ATTENDANCE_SET,
        target=attendance,
        changes={"week": session.week, "user": user.pk, "status": status},
    )
    return attendance


@transaction.atomic
def milestone_mark(
    *,
    milestone: Milestone,
    done_on: datetime.date | None,
    note: str,
    by,
    expected_version: int | None,
) -> Milestone:
    """Mark a milestone done on a date (or not done, with None), over the version the
    form was opened on."""
    _check_open(milestone.investigation)
    milestone.done_on = done_on
    milestone.note = note
    milestone.done_by = by if done_on else None
    fields = changed_fields(milestone)
    bump_version(Milestone, milestone, expected_version)
    milestone.save()
    record(
        actor=by,
        action=Action.MILESTONE_MARKED,
        target=milestone,
        changes={"kind": milestone.kind, "done_on": done_on, "fields": fields},
    )
    return milestone


@transaction.atomic
def milestone_complete(
    *, investigation: Investigation, kind: str, by, done_on: datetime.date | None = None
) -> Milestone | None:
    """Mark the investigation's milestone of `kind` done on `done_on` (default today),
    because the platform saw it happen (a committee decision, a conclusion, a published
    problem page). A milestone already done keeps its date and note. Returns the
    milestone completed now, or None. The caller checks that the investigation may
    change."""
    milestone = (
        Milestone.objects.select_for_update()
        .filter(investigation=investigation, kind=kind, done_on__isnull=True)
        .first()
    )
    if milestone is None:
        return None
    milestone.done_on = done_on or timezone.localdate()
    milestone.done_by = by
    # A coach's milestone form opened before this is now stale: saving it reports it.
    milestone.version += 1
    milestone.save(update_fields=["done_on", "done_by", "version"])
    record(
        actor=by,
        action=Action.MILESTONE_MARKED,
        target=milestone,
        changes={"kind": kind, "done_on": milestone.done_on, "automatic": True},
    )
    return milestone


@transaction.atomic
def committee_save(*, review: CommitteeReview, by, expected_version=None) -> CommitteeReview:
    """Save the committee's grid; a decision completes the « Comité d’investissement »
    milestone, on the committee's date."""
    _check_open(review.investigation)
    fields = changed_fields(review)
    if review.pk:
        bump_version(CommitteeReview, review, expected_version)
    review.updated_by = by
    review.save()
    record(
        actor=by,
        action=Action.COMMITTEE_SAVED,
        target=review,
        changes={"decision": review.decision, "fields": fields},
    )
    if review.has_decision:
        milestone_complete(
            investigation=review.investigation,
            kind=Milestone.Kind.COMMITTEE,
            by=by,
            done_on=review.decided_on,
        )
    return review


@transaction.atomic
def conclusion_save(
    *, conclusion: Conclusion, by, expected_version=None, figures=None, proposals=None
) -> Conclusion:
    """Save the team's conclusion with its figures and proposals (inline formsets)."""
    _check_open(conclusion.investigation)
    _check_team_member(conclusion.investigation, by)
    fields = changed_fields(conclusion)
    if conclusion.pk:
        bump_version(Conclusion, conclusion, expected_version)
    conclusion.save()
    conclusion.authors.add(by)
    for formset in (figures, proposals):
        if formset is not None:
            formset.instance = conclusion
            formset.save()
    record(
        actor=by,
        action=Action.CONCLUSION_SAVED,
        target=conclusion,
        changes={
            "problem_confirmed": conclusion.problem_confirmed,
            "recommendation": conclusion.recommendation,
            "fields": fields,
        },
    )
    # The written conclusion is what the restitution presents.
    milestone_complete(
        investigation=conclusion.investigation, kind=Milestone.Kind.RESTITUTION, by=by
    )
    return conclusion
