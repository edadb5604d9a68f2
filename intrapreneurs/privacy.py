"""The intrapreneurs' part of a person's data (RGPD): the problems they submitted, their
candidacies and their selection reviews. Registered in incubateur.privacy."""

from django.db.models import Prefetch

from incubateur.privacy.registry import registry
from intrapreneurs.models import Candidacy, ProblemSubmission, SelectionReview


@registry.section("submissions", position=80)
def submissions(subject) -> list[dict]:
    submissions = (
        ProblemSubmission.objects.filter(author=subject.user)
        .select_related("programme", "collectivity")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )
    return [
        {
            "programme": submission.programme.name,
            "collectivity": submission.collectivity.name,
            "title": submission.title,
            "problem": submission.problem,
            "affected_users": submission.affected_users,
            "current_cost": submission.current_cost,
            "evidence": submission.evidence,
            "service": submission.service,
            "current_handling": submission.current_handling,
            # As its author reads it: no provisional decision before the finalisation.
            "status": submission.author_status.label,
            "decline_message": submission.author_decline_message,
            "submitted_at": submission.submitted_at,
            "created_at": submission.created_at,
            "updated_at": submission.updated_at,
            "attachments": [file.original_name for file in submission.attachments.all()],
        }
        for submission in submissions
    ]


@registry.section("candidacies", position=90)
def candidacies(subject) -> list[dict]:
    candidacies = (
        Candidacy.objects.filter(agent=subject.user)
        .select_related("programme")
        .prefetch_related(
            Prefetch(
                "preferred_problems",
                queryset=ProblemSubmission.objects.only("pk", "title").order_by("pk"),
            )
        )
        .order_by("created_at", "pk")
    )
    return [
        {
            "programme": candidacy.programme.name,
            "motivation": candidacy.motivation,
            "preferred_problems": [problem.title for problem in candidacy.preferred_problems.all()],
            "manager_name": candidacy.manager_name,
            "manager_email": candidacy.manager_email,
            "manager_agrees": candidacy.manager_agrees,
            "created_at": candidacy.created_at,
            "updated_at": candidacy.updated_at,
        }
        for candidacy in candidacies
    ]


@registry.section("selection_reviews", position=100)
def selection_reviews(subject) -> list[dict]:
    return [
        {
            "submission": review.submission.title,
            "programme": review.submission.programme.name,
            "impact_score": review.impact_score,
            "scale_score": review.scale_score,
            "feasibility_score": review.feasibility_score,
            "comment": review.comment,
            "created_at": review.created_at,
            "updated_at": review.updated_at,
        }
        for review in SelectionReview.objects.filter(reviewer=subject.user)
        .select_related("submission__programme")
        .order_by("created_at", "pk")
    ]


@registry.erasure("candidacy_managers", position=90)
def erase_candidacy_managers(subject) -> None:
    # Their manager's contact details served only their candidacy.
    Candidacy.objects.filter(agent=subject.user).update(manager_name="", manager_email="")
