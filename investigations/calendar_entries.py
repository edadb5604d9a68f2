"""An investigation's entries in the calendars (incubateur/calendars/feed.py): its weekly
sessions, milestones and check-ins; and the two documents, which add the programmes'
entries: a person's feed and one programme's download."""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from incubateur.calendars.feed import Entry, calendar_document, entry_uid
from investigations.models import Investigation, Milestone, WeeklySession
from investigations.models.check_ins import CHECK_IN_MONTHS, check_in_due_on
from programmes.calendar_entries import involved_programmes, programme_entries
from programmes.models import Membership


def involved_investigations(user):
    """The investigations a person takes part in: their team, the programmes they coach,
    design or refer. Admins see everything but subscribe only to what they follow, so
    that their calendar is not every session of the country."""
    referent_of = Q(
        programme__collectivities__memberships__user=user,
        programme__collectivities__memberships__role=Membership.Role.REFERENT,
    )
    involved = Investigation.objects.filter(
        Q(programme__coach=user)
        | Q(programme__designer=user)
        | referent_of
        | Q(team_memberships__user=user)
    )
    return Investigation.objects.visible_to(user).filter(pk__in=involved.values("pk"))


def with_calendar_data(investigations):
    """The bundle the entries read: two queries besides the investigations'."""
    return investigations.select_related(
        "submission", "programme", "committee_review"
    ).prefetch_related(
        Prefetch("sessions", queryset=WeeklySession.objects.order_by("week")),
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_week", "pk")),
    )


def investigation_entries(investigation) -> list[Entry]:
    title = investigation.submission.title
    url = settings.SITE_URL + reverse(
        "investigations:investigation_detail", args=[investigation.pk]
    )
    sessions = {session.week: session for session in investigation.sessions.all()}
    entries = [
        Entry(
            uid=entry_uid("session", investigation.pk, session.week),
            day=session.date,
            summary=_("Investigation, semaine %(week)s : %(title)s")
            % {"week": session.week, "title": title},
            description=_("Journée d’investigation de la semaine %(week)s.\n%(url)s")
            % {"week": session.week, "url": url},
            url=url,
            sequence=session.sequence,
        )
        for session in sessions.values()
    ]
    for milestone in investigation.milestones.all():
        session = sessions.get(milestone.due_week)
        if session is None:
            continue
        entries.append(
            Entry(
                uid=entry_uid("milestone", milestone.pk),
                day=session.date,
                summary=f"{milestone.get_kind_display()} : {title}",
                description=_("Jalon prévu en semaine %(week)s.\n%(url)s")
                % {"week": milestone.due_week, "url": url},
                url=url,
                # Its date is its session's: it moves, and is revised, with it.
                sequence=session.sequence,
            )
        )
    entries += check_in_entries(investigation, title=title, url=url)
    return entries


def check_in_entries(investigation, *, title: str, url: str) -> list[Entry]:
    """The check-ins at 3, 6 and 12 months after the committee's decision. Their dates
    follow the committee's: its grid's version (raised on every save) is their sequence."""
    review = getattr(investigation, "committee_review", None)
    if review is None or not review.decision or not review.decided_on:
        return []
    return [
        Entry(
            uid=entry_uid("check-in", investigation.pk, month),
            day=check_in_due_on(review.decided_on, month),
            summary=_("Point de suivi à %(month)s mois : %(title)s")
            % {"month": month, "title": title},
            description=_("Ce qu’est devenu le problème, %(month)s mois après le comité.\n%(url)s")
            % {"month": month, "url": url},
            url=settings.SITE_URL
            + reverse("investigations:check_in", args=[investigation.pk, month]),
            sequence=review.version,
        )
        for month in CHECK_IN_MONTHS
    ]


def user_calendar(user) -> bytes:
    investigations = with_calendar_data(involved_investigations(user))
    entries = [entry for inv in investigations for entry in investigation_entries(inv)]
    for programme in involved_programmes(user):
        entries += programme_entries(programme)
    return calendar_document(entries, name=_("Investigations — mon agenda"))


def programme_calendar(programme, user) -> bytes:
    """One programme's sessions and milestones, for the investigations `user` may see."""
    investigations = with_calendar_data(
        Investigation.objects.visible_to(user).filter(programme=programme)
    )
    entries = programme_entries(programme)
    entries += [entry for inv in investigations for entry in investigation_entries(inv)]
    return calendar_document(entries, name=programme.name)
