"""Everything the platform holds about one person, as a JSON-ready dict (RGPD right of
access and portability). One query per section, whatever the volume."""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db.models import Prefetch, Q
from django.utils import timezone

from incubateur.audit.models import AuditEvent
from incubateur.calendars.models import CalendarFeed
from incubateur.notifications.models import EmailPreference, Notification
from incubateur.privacy.services import addressed_to
from intrapreneurs.models import Candidacy, ProblemSubmission, SelectionReview
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
from programmes.models import Invitation, Membership, Programme

FORMAT_VERSION = 1


def user_data_export(user) -> dict:
    addresses = list(EmailAddress.objects.filter(user=user).order_by("email"))
    # Invitations and emails sent to an address link to the person only once they have
    # proved they receive it: anyone may type someone else's address on their account.
    same_address = addressed_to(
        sorted({address.email.lower() for address in addresses if address.verified})
    )
    return {
        "format": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "job_title": user.job_title,
            "phone": user.phone,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_admin": user.is_admin,
            "inactivity_warned_at": user.inactivity_warned_at,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in addresses
        ],
        # The provider and the person's identifier there; never tokens.
        "social_accounts": [
            {
                "provider": account.provider,
                "uid": account.uid,
                "date_joined": account.date_joined,
                "last_login": account.last_login,
            }
            for account in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "memberships": [
            {
                "collectivity": membership.collectivity.name,
                "siren": membership.collectivity.siren,
                "role": membership.get_role_display(),
                "created_at": membership.created_at,
            }
            for membership in Membership.objects.filter(user=user)
            .select_related("collectivity")
            .order_by("created_at", "pk")
        ],
        "programmes_followed": [
            {
                "programme": programme.name,
                "role": "coach" if programme.coach_id == user.pk else "designer",
            }
            for programme in Programme.objects.filter(Q(coach=user) | Q(designer=user)).order_by(
                "pk"
            )
        ],
        "invitations_received": [
            {
                "email": invitation.email,
                "collectivity": invitation.collectivity.name,
                "role": invitation.get_role_display(),
                "created_at": invitation.created_at,
                "expires_at": invitation.expires_at,
                "accepted_at": invitation.accepted_at,
            }
            for invitation in Invitation.objects.filter(same_address)
            .select_related("collectivity")
            .order_by("created_at", "pk")
        ],
        "invitations_sent": [
            {
                "email": invitation.email,
                "collectivity": invitation.collectivity.name,
                "role": invitation.get_role_display(),
                "created_at": invitation.created_at,
                "accepted_at": invitation.accepted_at,
            }
            for invitation in Invitation.objects.filter(invited_by=user)
            .select_related("collectivity")
            .order_by("created_at", "pk")
        ],
        "submissions": _submissions(user),
        "candidacies": _candidacies(user),
        "selection_reviews": [
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
            for review in SelectionReview.objects.filter(reviewer=user)
            .select_related("submission__programme")
            .order_by("created_at", "pk")
        ],
        "investigation_teams": [
            {
                "investigation": team_membership.investigation.submission.title,
                "programme": team_membership.investigation.programme.name,
            }
            for team_membership in TeamMembership.objects.filter(user=user)
            .select_related("investigation__submission", "investigation__programme")
            .order_by("pk")
        ],
        "weekly_logs": _logs(user),
        "check_in_answers": [
            {
                "investigation": answer.investigation.submission.title,
                "month": answer.month,
                "status": answer.get_status_display(),
                "service_url": answer.service_url,
                "impact_figure": answer.impact_figure,
                "impact_source": answer.impact_source,
                "answered_at": answer.answered_at,
            }
            for answer in CheckInAnswer.objects.filter(respondent=user)
            .select_related("investigation__submission")
            .order_by("pk")
        ],
        # The link itself is a secret: only whether there is one, and since when.
        "calendar_link_created_at": CalendarFeed.objects.filter(user=user)
        .values_list("created_at", flat=True)
        .first(),
        "hypotheses": [
            {
                "investigation": hypothesis.investigation.submission.title,
                "statement": hypothesis.statement,
                "status": hypothesis.get_status_display(),
                "evidence": hypothesis.evidence,
                "created_at": hypothesis.created_at,
            }
            for hypothesis in Hypothesis.objects.filter(created_by=user)
            .select_related("investigation__submission")
            .order_by("created_at", "pk")
        ],
        "hypothesis_changes": [
            {
                "hypothesis": change.hypothesis.statement,
                "week": change.week,
                "from_status": change.get_from_status_display(),
                "to_status": change.get_to_status_display(),
                "evidence": change.evidence,
                "at": change.at,
            }
            for change in HypothesisChange.objects.filter(author=user)
            .select_related("hypothesis")
            .order_by("at", "pk")
        ],
        "conclusions": [
            {
                "investigation": conclusion.investigation.submission.title,
                "problem_confirmed": conclusion.get_problem_confirmed_display(),
                "summary": conclusion.summary,
                "recommendation": conclusion.get_recommendation_display(),
                "next_steps": conclusion.next_steps,
                "updated_at": conclusion.updated_at,
            }
            for conclusion in Conclusion.objects.filter(authors=user)
            .select_related("investigation__submission")
            .order_by("pk")
        ],
        "comments": [
            {
                "investigation": comment.investigation.submission.title,
                "week": comment.log.week if comment.log else None,
                "body": comment.body,
                "visibility": comment.get_visibility_display(),
                "created_at": comment.created_at,
            }
            for comment in Comment.objects.filter(author=user)
            .select_related("investigation__submission", "log")
            .order_by("created_at", "pk")
        ],
        "attendance": [
            {
                "investigation": attendance.session.investigation.submission.title,
                "week": attendance.session.week,
                "date": attendance.session.date,
                "status": attendance.get_status_display(),
            }
            for attendance in Attendance.objects.filter(user=user)
            .select_related("session__investigation__submission")
            .order_by("session__date", "pk")
        ],
        "notifications": [
            {
                "kind": notification.get_kind_display(),
                "status": notification.get_status_display(),
                "email": notification.email,
                "created_at": notification.created_at,
                "sent_at": notification.sent_at,
            }
            for notification in Notification.objects.filter(
                Q(recipient=user) | (Q(recipient__isnull=True) & same_address)
            ).order_by("created_at", "pk")
        ],
        "email_preferences": [
            {"digest": preference.digest, "updated_at": preference.updated_at}
            for preference in EmailPreference.objects.filter(user=user)
        ],
        "audit_events": _audit_events(user),
    }


def _submissions(user) -> list[dict]:
    submissions = (
        ProblemSubmission.objects.filter(author=user)
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


def _candidacies(user) -> list[dict]:
    candidacies = (
        Candidacy.objects.filter(agent=user)
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


def _logs(user) -> list[dict]:
    logs = (
        WeeklyLog.objects.filter(authors=user)
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


def _audit_events(user) -> list[dict]:
    """What they did, from the audit trail."""
    events = AuditEvent.objects.filter(actor=user).order_by("created_at", "pk")
    return [
        {
            "at": event.created_at,
            "action": event.get_action_display(),
            "target": event.target_label,
            "changes": event.changes,
        }
        for event in events
    ]
