"""The investigations' part of a person's data (RGPD): their teams, logs, check-in answers,
hypotheses, conclusions, comments and attendance. What they wrote belongs to the
collectivité and stays on anonymisation: nothing to erase here. Registered in
incubateur.privacy."""

from incubateur.privacy.registry import registry
from investigations.models import (
    Attendance,
    CheckInAnswer,
    Comment,
    Conclusion,
    Hypothesis,
    HypothesisChange,
    TeamMembership,
    WeeklyLog,
)


@registry.section("investigation_teams", position=110)
def investigation_teams(subject) -> list[dict]:
    return [
        {
            "investigation": team_membership.investigation.submission.title,
            "programme": team_membership.investigation.programme.name,
        }
        for team_membership in TeamMembership.objects.filter(user=subject.user)
        .select_related("investigation__submission", "investigation__programme")
        .order_by("pk")
    ]


@registry.section("weekly_logs", position=120)
def weekly_logs(subject) -> list[dict]:
    logs = (
        WeeklyLog.objects.filter(authors=subject.user)
        .select_related("investigation__submission", "session")
        .prefetch_related("figures")
        .order_by("session__date", "pk")
    )
    return [
        {
            "investigation": log.investigation.submission.title,
            "week": log.week,
            "date": log.session.date,
            "status": log.get_status_display(),
            "hours_spent": log.hours_spent,
            "activities": log.activities,
            "usagers_met": log.usagers_met,
            "agents_met": log.agents_met,
            "partners_met": log.partners_met,
            "people_met_names": log.people_met_names,
            "key_learnings": log.key_learnings,
            "figures": [{"figure": f.figure, "source": f.source} for f in log.figures.all()],
            "blockers": log.blockers,
            "help_request": log.help_request,
            "next_steps": log.next_steps,
            "submitted_at": log.submitted_at,
            "updated_at": log.updated_at,
        }
        for log in logs
    ]


@registry.section("check_in_answers", position=130)
def check_in_answers(subject) -> list[dict]:
    return [
        {
            "investigation": answer.investigation.submission.title,
            "month": answer.month,
            "status": answer.get_status_display(),
            "service_url": answer.service_url,
            "impact_figure": answer.impact_figure,
            "impact_source": answer.impact_source,
            "answered_at": answer.answered_at,
        }
        for answer in CheckInAnswer.objects.filter(respondent=subject.user)
        .select_related("investigation__submission")
        .order_by("pk")
    ]


@registry.section("hypotheses", position=150)
def hypotheses(subject) -> list[dict]:
    return [
        {
            "investigation": hypothesis.investigation.submission.title,
            "statement": hypothesis.statement,
            "status": hypothesis.get_status_display(),
            "evidence": hypothesis.evidence,
            "created_at": hypothesis.created_at,
        }
        for hypothesis in Hypothesis.objects.filter(created_by=subject.user)
        .select_related("investigation__submission")
        .order_by("created_at", "pk")
    ]


@registry.section("hypothesis_changes", position=160)
def hypothesis_changes(subject) -> list[dict]:
    return [
        {
            "hypothesis": change.hypothesis.statement,
            "week": change.week,
            "from_status": change.get_from_status_display(),
            "to_status": change.get_to_status_display(),
            "evidence": change.evidence,
            "at": change.at,
        }
        for change in HypothesisChange.objects.filter(author=subject.user)
        .select_related("hypothesis")
        .order_by("at", "pk")
    ]


@registry.section("conclusions", position=170)
def conclusions(subject) -> list[dict]:
    return [
        {
            "investigation": conclusion.investigation.submission.title,
            "problem_confirmed": conclusion.get_problem_confirmed_display(),
            "summary": conclusion.summary,
            "recommendation": conclusion.get_recommendation_display(),
            "next_steps": conclusion.next_steps,
            "updated_at": conclusion.updated_at,
        }
        for conclusion in Conclusion.objects.filter(authors=subject.user)
        .select_related("investigation__submission")
        .order_by("pk")
    ]


@registry.section("comments", position=180)
def comments(subject) -> list[dict]:
    return [
        {
            "investigation": comment.investigation.submission.title,
            "week": comment.log.week if comment.log else None,
            "body": comment.body,
            "visibility": comment.get_visibility_display(),
            "created_at": comment.created_at,
        }
        for comment in Comment.objects.filter(author=subject.user)
        .select_related("investigation__submission", "log")
        .order_by("created_at", "pk")
    ]


@registry.section("attendance", position=190)
def attendance(subject) -> list[dict]:
    return [
        {
            "investigation": attendance.session.investigation.submission.title,
            "week": attendance.session.week,
            "date": attendance.session.date,
            "status": attendance.get_status_display(),
        }
        for attendance in Attendance.objects.filter(user=subject.user)
        .select_related("session__investigation__submission")
        .order_by("session__date", "pk")
    ]
