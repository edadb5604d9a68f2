"""Build the search documents from their sources. Called by knowledge.signals when a
source row is saved, so a document changes in the transaction that changes its source."""

from knowledge.models import TEXT_MAX_LENGTH, SearchDocument
from knowledge.text import fold


def join_text(*parts) -> str:
    return "\n\n".join(part for part in parts if part)[:TEXT_MAX_LENGTH]


def _save(
    kind, lookup: dict, *, programme, collectivity, themes, year, decision, title, body, details
):
    title = title[:200]
    document, _created = SearchDocument.objects.update_or_create(
        kind=kind,
        **lookup,
        defaults={
            "programme": programme,
            "collectivity": collectivity,
            "year": year,
            "decision": decision,
            "title": title,
            "body": body,
            "details": details,
            "folded_title": fold(title),
            "folded_text": fold(join_text(title, body, details)),
        },
    )
    document.themes.set(themes)
    return document


def year_of(programme) -> int:
    return programme.investigation_starts_on.year


def index_submission(submission) -> None:
    _save(
        SearchDocument.Kind.SUBMISSION,
        {"submission": submission},
        programme=submission.programme,
        collectivity=submission.collectivity,
        themes=list(submission.themes.all()),
        year=year_of(submission.programme),
        decision="",
        title=submission.title,
        body=join_text(submission.problem, submission.affected_users),
        details=join_text(
            submission.current_cost, submission.evidence, submission.current_handling
        ),
    )


def index_investigation(investigation) -> None:
    """The investigation's own document (its team, committee and followers see it) and,
    while its fiche is published, the public one."""
    from investigations.models import CommitteeReview, Conclusion, Fiche, WeeklyLog

    submission = investigation.submission
    fiche = Fiche.objects.filter(investigation=investigation).first()
    conclusion = Conclusion.objects.filter(investigation=investigation).first()
    review = CommitteeReview.objects.filter(investigation=investigation).first()
    decision = review.decision if review else ""
    learnings = WeeklyLog.objects.submitted().filter(investigation=investigation)
    themes = list(submission.themes.all())
    common = {
        "programme": investigation.programme,
        "themes": themes,
        "year": year_of(investigation.programme),
        "decision": decision,
    }
    _save(
        SearchDocument.Kind.INVESTIGATION,
        {"investigation": investigation},
        collectivity=submission.collectivity,
        title=fiche.title if fiche else submission.title,
        body=join_text(
            fiche.problem_statement if fiche else submission.problem,
            fiche.actionable_problem if fiche else "",
        ),
        details=join_text(
            conclusion.summary if conclusion else "",
            conclusion.next_steps if conclusion else "",
            *learnings.order_by("week").values_list("key_learnings", flat=True),
        ),
        **common,
    )
    if fiche is None:
        return
    if not fiche.is_published:
        SearchDocument.objects.filter(kind=SearchDocument.Kind.PUBLISHED, fiche=fiche).delete()
        return
    # Only what the public page shows.
    _save(
        SearchDocument.Kind.PUBLISHED,
        {"fiche": fiche},
        collectivity=fiche.sponsor,
        title=fiche.title,
        body=join_text(fiche.problem_statement, fiche.actionable_problem),
        details=join_text(fiche.causes, fiche.hypotheses, fiche.expected_impact),
        **common,
    )


def reindex_all() -> int:
    """Rebuild every document (after a bulk load such as the demo at scale)."""
    from intrapreneurs.models import ProblemSubmission
    from investigations.models import Investigation

    count = 0
    for submission in ProblemSubmission.objects.select_related("programme", "collectivity"):
        index_submission(submission)
        count += 1
    for investigation in Investigation.objects.select_related(
        "programme", "submission__collectivity"
    ):
        index_investigation(investigation)
        count += 1
    return count
