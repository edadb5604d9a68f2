import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from incubateur import fragments
from intrapreneurs.models import Candidacy, ProblemSubmission
from investigations.models import Comment, Investigation, WeeklyLog, WeeklySession
from investigations.progress import CalendarWeek, WeekStatus
from programmes.access import ProgrammeAccess, roles_of
from programmes.forms import ProgrammeSearchForm
from programmes.models import Programme

# The admin's home lists every programme of the country: a page at a time, with a search.
PAGE_SIZE = 20


@require_GET
def landing(request):
    if request.user.is_authenticated and roles_of(request.user).has_any:
        return redirect("home")
    return render(request, "incubateur/landing.html")


@dataclass
class OpenCall:
    """A call the user may answer, with their drafts and whether they volunteered."""

    programme: Programme
    drafts: list = field(default_factory=list)


@dataclass
class TeamToDo:
    """What an intrapreneur's team has to do on one investigation."""

    investigation: Investigation
    # The week whose session has passed most recently; None before the first session.
    this_week: CalendarWeek | None
    first_session: WeeklySession | None
    late_weeks: list[CalendarWeek]
    unanswered_comments: list[Comment]


def _open_calls(user, programmes, access, today) -> list[OpenCall]:
    """The open calls of the user's collectivités, with their drafts (one query)."""
    # The committee (referents) acts on a call otherwise: see _committee_steps.
    calls = {
        programme.pk: OpenCall(programme)
        for programme in programmes
        if access.is_member(programme)
        and not access.on_committee(programme)
        and programme.accepts_submissions(today)
    }
    drafts = ProblemSubmission.objects.filter(
        author=user, status=ProblemSubmission.Status.DRAFT, programme__in=list(calls)
    ).order_by("-updated_at")
    for draft in drafts:
        calls[draft.programme_id].drafts.append(draft)
    return list(calls.values())


def _committee_steps(programmes, access) -> list[Programme]:
    """The programmes whose call or selection a referent follows: during the call they read
    the submissions as they come; during the selection they score and select."""
    steps = {Programme.Status.CALL_OPEN, Programme.Status.SELECTION}
    return [
        programme
        for programme in programmes
        if programme.status in steps and access.on_committee(programme)
    ]


def _team_to_dos(user, today) -> list[TeamToDo]:
    """The user's investigations still running, with this week's log, the late weeks
    (as on the investigation page) and the comments the team has not answered. Five
    queries, whatever the number of investigations, weeks and comments."""
    investigations = list(
        Investigation.objects.filter(
            team_memberships__user=user, programme__status=Programme.Status.INVESTIGATION
        )
        .select_related("programme", "submission")
        .prefetch_related(
            Prefetch("sessions", queryset=WeeklySession.objects.order_by("week")),
            Prefetch(
                "logs",
                queryset=WeeklyLog.objects.select_related("session").prefetch_related(
                    Prefetch("comments", queryset=Comment.objects.visible_to_team())
                ),
            ),
        )
        .order_by("submission__title")
    )
    unanswered = {investigation.pk: [] for investigation in investigations}
    comments = (
        Comment.objects.awaiting_team_answer()
        .filter(investigation__in=investigations)
        .select_related("author", "log")
        .order_by("created_at", "pk")
    )
    for comment in comments:
        unanswered[comment.investigation_id].append(comment)
    to_dos = []
    for investigation in investigations:
        sessions = investigation.sessions.all()
        current_week = investigation.current_week(sessions, today)
        logs = {log.week: log for log in investigation.logs.all()}
        weeks = [
            CalendarWeek.build(
                session, logs.get(session.week), current_week=current_week, today=today, writer=True
            )
            for session in sessions
        ]
        to_dos.append(
            TeamToDo(
                investigation=investigation,
                this_week=next((week for week in weeks if week.is_current), None),
                first_session=sessions[0] if sessions and not current_week else None,
                late_weeks=[week for week in weeks if week.status == WeekStatus.LATE],
                unanswered_comments=unanswered[investigation.pk],
            )
        )
    return to_dos


@login_required
@require_GET
@vary_on_headers("HX-Request")
def home(request):
    """The ANCT team's home is their dashboard. Admins see every programme, a page at a
    time; referents their collectivités' programmes; agents and intrapreneurs, above their
    programmes, what they have to do next."""
    user = request.user
    roles = roles_of(user)
    if not roles.has_any:
        return render(request, "incubateur/landing.html")
    if roles.follows_programmes and not roles.is_admin:
        return redirect("investigations:dashboard")
    if roles.is_admin:
        return _admin_home(request, roles)
    today = timezone.localdate()
    access = ProgrammeAccess(user)
    programmes = list(
        Programme.objects.visible_to(user)
        .annotate(
            volunteered=Exists(Candidacy.objects.filter(programme=OuterRef("pk"), agent=user))
        )
        .prefetch_related("collectivities")
    )
    context = {
        "roles": roles,
        "programme_rows": _programme_rows(programmes, access),
        "open_calls": _open_calls(user, programmes, access, today),
        "committee_steps": _committee_steps(programmes, access),
        "team_to_dos": _team_to_dos(user, today) if roles.is_intrapreneur else [],
    }
    return render(request, "incubateur/home.html", context)


def _programme_rows(programmes, access) -> list[dict]:
    return [
        {
            "programme": programme,
            "is_member": access.is_member(programme),
            "on_committee": access.on_committee(programme),
        }
        for programme in programmes
    ]


def _admin_home(request, roles):
    """Every programme of the country, a page at a time, with a search. The list is kept
    in the cache until a programme changes (incubateur.fragments)."""
    search = ProgrammeSearchForm(request.GET)

    def results():
        programmes = Programme.objects.visible_to(request.user).prefetch_related("collectivities")
        page = Paginator(search.filter(programmes), PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "page": page,
            "programme_rows": _programme_rows(page.object_list, ProgrammeAccess(request.user)),
        }
        return render_to_string("incubateur/home.html#programmes", context, request), None

    html = fragments.cached(
        "admin_programmes",
        [fragments.PROGRAMMES],
        results,
        # The admin's own memberships mark the rows; the search and the page.
        vary=(request.user.pk, sorted(request.GET.lists())),
    )
    if request.htmx and not request.htmx.history_restore_request:
        return HttpResponse(html)
    context = {"roles": roles, "search": search, "results": html}
    return render(request, "incubateur/home.html", context)


@require_GET
def security_txt(request):
    """RFC 9116: where to report a vulnerability. It must expire within a year: the
    contact stays valid as long as the platform runs, so a year from today."""
    expires = timezone.now().replace(microsecond=0) + datetime.timedelta(days=365)
    return render(
        request,
        "incubateur/security.txt",
        {
            "contact": settings.SECURITY_CONTACT_EMAIL,
            "expires": expires,
            "site_url": settings.SITE_URL,
        },
        content_type="text/plain; charset=utf-8",
    )
