from celery import shared_task
from django.urls import reverse

from incubateur.emails import send_templated_email
from intrapreneurs.models import Candidacy, ProblemSubmission


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_submission_receipt(submission_id: int) -> None:
    submission = (
        ProblemSubmission.objects.select_related("author", "programme")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or submission.is_draft:
        return
    send_templated_email(
        "intrapreneurs/emails/receipt",
        {
            "submission": submission,
            "url": reverse("intrapreneurs:submission_detail", args=[submission.pk]),
        },
        to=[submission.author.email],
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_selection_decisions(programme_id: int) -> None:
    """Tell each submitter what became of their problem, and each candidate whether they
    join a team."""
    submissions = (
        ProblemSubmission.objects.filter(programme_id=programme_id)
        .submitted()
        .select_related("author", "programme")
    )
    for submission in submissions:
        send_templated_email(
            "intrapreneurs/emails/decision",
            {"submission": submission},
            to=[submission.author.email],
        )
    candidacies = (
        Candidacy.objects.filter(programme_id=programme_id)
        .select_related("agent", "programme")
        .prefetch_related("assigned_problems")
    )
    for candidacy in candidacies:
        send_templated_email(
            "intrapreneurs/emails/candidacy_decision",
            {"candidacy": candidacy, "problems": list(candidacy.assigned_problems.all())},
            to=[candidacy.agent.email],
        )
