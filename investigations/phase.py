"""A programme's investigation phase: it opens when the selection is finalised (one
investigation per selected problem) and ends when the programme closes. Both workflows
create or check investigations, so they live here rather than with the call and the
selection (intrapreneurs) or the programme (programmes), which sit below."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incubateur.audit.services import Action, record
from intrapreneurs.models import ProblemSubmission
from intrapreneurs.notifications import notify_selection_decisions
from intrapreneurs.services import MAX_TEAM_SIZE, check_selecting
from investigations.models import Investigation, TeamMembership, WeeklySession
from investigations.next_steps import missing_post_mortems
from investigations.services import milestones_create
from programmes.models import Programme, TransitionError


@transaction.atomic
def selection_finalise(*, programme: Programme, by, notify: bool = True) -> list[Investigation]:
    """Close the selection: decline what was not selected, create one investigation per
    selected problem with its team and weekly sessions, start the investigation phase and
    tell every submitter and candidate the decision (unless `notify` is off, for the demo
    data)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    check_selecting(programme)
    Status = ProblemSubmission.Status
    selected = list(
        programme.submissions.filter(status=Status.SELECTED).prefetch_related(
            "intrapreneurs__agent"
        )
    )
    if not selected:
        raise TransitionError(_("Retenez au moins un problème avant de finaliser la sélection."))
    for submission in selected:
        team = submission.intrapreneurs.all()
        if not 1 <= len(team) <= MAX_TEAM_SIZE:
            raise TransitionError(
                _("« %(title)s » doit avoir une équipe de un à trois intrapreneurs.")
                % {"title": submission.title}
            )
        if not any(candidacy.manager_agrees for candidacy in team):
            raise TransitionError(
                _(
                    "« %(title)s » : au moins un intrapreneur doit avoir l’accord de son "
                    "responsable."
                )
                % {"title": submission.title}
            )

    declined = programme.submissions.filter(
        status__in=[Status.SUBMITTED, Status.SHORTLISTED]
    ).update(status=Status.DECLINED, updated_at=timezone.now())
    dates = programme.session_dates()
    investigations = []
    for submission in selected:
        investigation = Investigation.objects.create(programme=programme, submission=submission)
        TeamMembership.objects.bulk_create(
            TeamMembership(
                investigation=investigation, programme=programme, user=c.agent, candidacy=c
            )
            for c in submission.intrapreneurs.all()
        )
        WeeklySession.objects.bulk_create(
            WeeklySession(investigation=investigation, week=week, date=date)
            for week, date in enumerate(dates, start=1)
        )
        milestones_create(investigation=investigation)
        investigations.append(investigation)
    programme.move_to(Programme.Status.INVESTIGATION, by=by)
    record(
        actor=by,
        action=Action.SELECTION_FINALISED,
        target=programme,
        changes={
            "investigations": [investigation.pk for investigation in investigations],
            "declined": declined,
        },
    )
    if notify:
        notify_selection_decisions(programme=programme)
    return investigations


@transaction.atomic
def programme_close(*, programme: Programme, by, today=None):
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    today = today or timezone.localdate()
    last_session = programme.session_dates()[-1]
    if programme.status == Programme.Status.INVESTIGATION and today < last_session:
        raise TransitionError(
            _("Le programme ne peut être clos qu’après sa dernière séance, le %(date)s.")
            % {"date": date_format(last_session, "j F Y")}
        )
    unfinished = programme.investigations.filter(
        Q(conclusion__isnull=True)
        | Q(committee_review__isnull=True)
        | Q(committee_review__decision="")
    ).select_related("submission")
    if unfinished:
        titles = ", ".join(f"« {investigation}" + " »" for investigation in unfinished)
        raise TransitionError(
            _(
                "Le programme ne peut pas être clos : ces investigations n’ont pas encore de "
                "conclusion ou de décision du comité : %(titles)s."
            )
            % {"titles": titles}
        )
    # An abandon is documented before the programme closes, so that nobody repeats it.
    abandoned = missing_post_mortems(programme)
    if abandoned:
        titles = ", ".join(f"« {investigation} »" for investigation in abandoned)
        raise TransitionError(
            _(
                "Le programme ne peut pas être clos : ces investigations abandonnées n’ont "
                "pas encore leur bilan d’abandon : %(titles)s."
            )
            % {"titles": titles}
        )
    return programme.move_to(Programme.Status.CLOSED, by=by)
