"""Demo data after the investment committee: one investigation of each outcome with its
next step (the fiche produit of a service in construction, a pivot's draft in the second
wave's call, a post-mortem, where a problem continues outside the Incubateur)."""

from demo.investigations import LATE_TITLE
from investigations.models import CommitteeReview, Milestone, NextStep
from investigations.next_steps import pivot_create
from investigations.services import milestone_complete
from programmes.models import Programme

BUILD_TITLE = "Rendez-vous non honorés dans les services sociaux"
PIVOT_TITLE = "Non-recours aux tarifs sociaux de la cantine"


def _review(investigation, decision, notes) -> CommitteeReview:
    session = investigation.sessions.get(week=9)
    review, _created = CommitteeReview.objects.update_or_create(
        investigation=investigation,
        defaults={
            "decision": decision,
            "decision_notes": notes,
            "decided_on": session.date,
            "updated_by": investigation.programme.coach,
        },
    )
    # As committee_save does: the decision completes the committee milestone.
    milestone_complete(
        investigation=investigation,
        kind=Milestone.Kind.COMMITTEE,
        by=investigation.programme.coach,
        done_on=session.date,
    )
    return review


def run_next_steps(programme: Programme, next_call: Programme) -> None:
    if NextStep.objects.filter(investigation__programme=programme).exists():
        return  # the first wave was kept from an earlier run
    by_title = {
        i.submission.title: i for i in programme.investigations.select_related("submission")
    }
    build = by_title.pop(BUILD_TITLE)
    NextStep.objects.create(
        investigation=build,
        product_context="Un rendez-vous sur quatre n’est pas honoré dans les services sociaux.",
        product_solution="Un rappel par SMS la veille, avec un lien pour décaler le rendez-vous.",
        product_strategy="Deux centres sociaux testent pendant trois mois, puis toute la ville.",
        product_impact_objective="Moins de 15 % de rendez-vous non honorés dans six mois.",
        construction_started_on=build.committee_review.decided_on,
        updated_by=programme.coach,
    )

    pivot = by_title.pop(PIVOT_TITLE)
    _review(pivot, CommitteeReview.Decision.PIVOT, "Le vrai problème est l’inscription.")
    pivot_create(
        investigation=pivot,
        programme=next_call,
        title="Inscriptions à la cantine : des dossiers jamais terminés",
        learnings=(
            "Les familles connaissent les tarifs sociaux ; elles abandonnent l’inscription, "
            "trop longue et sur papier."
        ),
        by=pivot.team.order_by("pk").first(),
    )

    others = [i for title, i in sorted(by_title.items()) if title != LATE_TITLE]
    abandoned, elsewhere = others[0], others[1]
    _review(abandoned, CommitteeReview.Decision.ABANDON, "Un problème réel mais marginal.")
    NextStep.objects.create(
        investigation=abandoned,
        abandon_why="Le problème touche moins de vingt usagers par an.",
        abandon_learnings="Les agents avaient déjà trouvé un contournement efficace.",
        abandon_changes="Une hausse des demandes ou la fin du contournement actuel.",
        updated_by=programme.coach,
    )
    _review(elsewhere, CommitteeReview.Decision.CONTINUE_OUTSIDE, "Un programme existe déjà.")
    NextStep.objects.create(
        investigation=elsewhere,
        elsewhere_kind=NextStep.Elsewhere.NATIONAL_PROGRAMME,
        elsewhere_name="France Services",
        elsewhere_url="https://www.france-services.gouv.fr/",
        updated_by=programme.coach,
    )
