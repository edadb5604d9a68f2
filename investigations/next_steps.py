"""After the investment committee: each decision opens its next step (NextStep).

- abandon: a post-mortem, required before the programme closes;
- pivot: a draft problem in a coming call of the same collectivité, carrying the team
  (as candidacies), the learnings and the hypotheses; both pages link each other;
- continue outside the Incubateur: where, with a link;
- build: the fiche produit; once complete, the investigation is « en construction »."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from incubateur.audit.services import Action, changed_fields, record
from incubateur.concurrency import bump_version
from intrapreneurs.models import Candidacy, ProblemSubmission
from investigations import access
from investigations.fiche_checks import Finding, next_step_findings
from investigations.models import Fiche, Hypothesis, Investigation, NextStep
from programmes.models import Programme, TransitionError


def decision_of(investigation) -> str:
    review = getattr(investigation, "committee_review", None)
    return review.decision if review else ""


class NextStepRefused(TransitionError):
    """A published fiche's page shows the next step: its text may not name a person
    nor give an email address or a phone number."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("; ".join(map(str, findings)))


def may_write_next_step(user, investigation) -> bool:
    """Its team and its ANCT team (coach, designer, admins)."""
    return access.is_team_member(user, investigation) or access.follows_investigation(
        user, investigation
    )


def _check(investigation, by) -> str:
    if investigation.programme.status != Programme.Status.INVESTIGATION:
        raise TransitionError(
            _("Le programme n’est pas en phase d’investigation : rien n’est plus modifiable.")
        )
    if not may_write_next_step(by, investigation):
        raise TransitionError(
            _("Seuls l’équipe et son suivi à l’ANCT écrivent la suite donnée au comité.")
        )
    decision = decision_of(investigation)
    if not decision:
        raise TransitionError(_("Le comité d’investissement n’a pas encore décidé."))
    return decision


@transaction.atomic
def next_step_save(*, next_step: NextStep, by, expected_version=None) -> NextStep:
    decision = _check(next_step.investigation, by)
    fields = changed_fields(next_step)
    if next_step.pk:
        bump_version(NextStep, next_step, expected_version)
    if decision == "build" and next_step.is_complete_for("build"):
        next_step.construction_started_on = (
            next_step.construction_started_on or timezone.localdate()
        )
    if Fiche.objects.published().filter(investigation=next_step.investigation).exists():
        findings = next_step_findings(next_step)
        if findings:
            raise NextStepRefused(findings)
    next_step.updated_by = by
    next_step.save()
    record(
        actor=by,
        action=Action.NEXT_STEP_SAVED,
        target=next_step.investigation,
        changes={"decision": decision, "fields": fields},
    )
    return next_step


def pivot_programmes(investigation):
    """The coming calls a pivot may go to: programmes of the same collectivité, other
    than this one, still in draft or with an open call."""
    return (
        Programme.objects.filter(
            collectivities=investigation.submission.collectivity_id,
            status__in=[Programme.Status.DRAFT, Programme.Status.CALL_OPEN],
        )
        .exclude(pk=investigation.programme_id)
        .order_by("call_opens_on", "pk")
    )


def _pivot_problem(investigation, learnings: str) -> str:
    hypotheses = Hypothesis.objects.filter(investigation=investigation).order_by("pk")
    lines = [learnings.strip(), "", _("Hypothèses issues de l’investigation :")]
    lines += [f"- {h.statement} ({h.get_status_display()})" for h in hypotheses]
    return "\n".join(lines)[:20000]


@transaction.atomic
def pivot_create(
    *, investigation: Investigation, programme: Programme, title: str, learnings: str, by
) -> ProblemSubmission:
    """Open the pivot's draft in `programme` (one of pivot_programmes): a draft problem
    whose author is a member of the team, with the team as its intrapreneurs."""
    investigation = Investigation.objects.select_for_update().get(pk=investigation.pk)
    if _check(investigation, by) != "pivot":
        raise TransitionError(_("Le comité n’a pas décidé de pivoter."))
    if not pivot_programmes(investigation).filter(pk=programme.pk).exists():
        raise TransitionError(_("Ce programme n’accueille pas de nouveau problème."))
    next_step, _created = NextStep.objects.get_or_create(investigation=investigation)
    if next_step.pivot_submission_id:
        raise TransitionError(_("Le brouillon du pivot existe déjà."))
    memberships = list(investigation.team_memberships.select_related("user", "candidacy"))
    authors = [m.user for m in memberships if m.user_id == by.pk] or [m.user for m in memberships]
    if not authors:
        raise TransitionError(_("L’investigation n’a pas d’équipe pour porter le pivot."))
    original = investigation.submission
    submission = ProblemSubmission.objects.create(
        programme=programme,
        collectivity_id=original.collectivity_id,
        author=authors[0],
        title=title,
        problem=_pivot_problem(investigation, learnings),
        affected_users=original.affected_users,
        current_cost=original.current_cost,
        evidence=original.evidence,
        service=original.service,
        current_handling=original.current_handling,
        status=ProblemSubmission.Status.DRAFT,
    )
    candidacies = []
    for membership in memberships:
        former = membership.candidacy
        candidacy, _created = Candidacy.objects.get_or_create(
            programme=programme,
            agent=membership.user,
            defaults={
                "motivation": _("Équipe de l’investigation « %(title)s », qui pivote.")
                % {"title": original.title},
                "manager_name": former.manager_name if former else "",
                "manager_email": former.manager_email if former else "",
                # The manager agrees again for a new programme.
                "manager_agrees": False,
            },
        )
        candidacies.append(candidacy)
    submission.intrapreneurs.set(candidacies)
    next_step.pivot_learnings = learnings
    next_step.pivot_submission = submission
    next_step.updated_by = by
    next_step.version += 1
    next_step.save()
    record(
        actor=by,
        action=Action.NEXT_STEP_SAVED,
        target=investigation,
        changes={"decision": "pivot", "submission": submission.pk},
    )
    return submission


def missing_post_mortems(programme):
    """Investigations abandoned by the committee without a complete post-mortem: the
    programme may not close until they have one."""
    incomplete = Q(next_step__isnull=True)
    for name in NextStep.REQUIRED["abandon"]:
        incomplete |= Q(**{f"next_step__{name}": ""})
    return (
        programme.investigations.filter(committee_review__decision="abandon")
        .filter(incomplete)
        .select_related("submission")
    )
