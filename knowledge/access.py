"""Which search documents a user finds. Publication is the only door between collectivités;
the rest follows the submission and investigation rules (their `visible_to` querysets)."""

from django.db.models import Q

from intrapreneurs.models import ProblemSubmission
from investigations.models import Investigation
from programmes.access import is_admin


def search_scope(user):
    """Which search documents a user finds (knowledge.SearchDocument). Publication is the
    only door between collectivités: published problems for everyone, anonymous visitors
    included (their pages are public); beyond them, a submission or an investigation only
    for whoever sees its own page (ProblemSubmission and Investigation `visible_to`)."""
    scope = Q(kind="published")
    if is_admin(user):
        # Admins see every investigation and every submitted problem: no subquery.
        return (
            scope
            | Q(kind="investigation")
            | Q(kind="submission", submission__author=user)
            | (Q(kind="submission") & ~Q(submission__status=ProblemSubmission.Status.DRAFT))
        )
    if user.is_authenticated:
        scope |= Q(
            kind="submission",
            submission__in=ProblemSubmission.objects.visible_to(user).values("pk"),
        )
        scope |= Q(
            kind="investigation",
            investigation__in=Investigation.objects.visible_to(user).values("pk"),
        )
    return scope
