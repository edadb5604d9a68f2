"""Demo data: every role, the Le Havre collectivités and two programmes.

- "le-havre-vague-1" has run its call and its selection: twenty problems, candidacies,
  reviews and six investigations with their teams; its investigation phase started eight
  weeks ago (logs, hypotheses, attendance, comments, milestones, two conclusions).
- "le-havre-2026" has its call open, so that agents can submit and volunteer.

Idempotent: records are looked up by natural keys (email, SIREN, slug, title) and updated
in place, so running it twice gives the same data. Dates follow the day it runs; when they
move, the programmes are rebuilt. Each later feature extends it so that the demo always
shows everything the product does.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from demo import call as demo_call
from demo import fiches as demo_fiches
from demo import investigations as demo_investigations
from demo import next_steps as demo_next_steps
from incubateur.accounts.models import User
from intrapreneurs.models import Candidacy, ProblemSubmission, SelectionReview
from investigations.phase import selection_finalise
from knowledge.signals import indexing_deferred
from programmes.models import Collectivity, EmailDomain, Membership, Programme

DEMO_PASSWORD = "demo-investigations-2026"


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str
    is_staff: bool = False


DEMO_USERS = [
    DemoUser("admin@anct.gouv.fr", "Aïcha", "Benali", "admin", is_staff=True),
    DemoUser("coach@anct.gouv.fr", "Camille", "Leroy", "coach"),
    DemoUser("designer@anct.gouv.fr", "Dominique", "Martin", "designer"),
    DemoUser("referent@lehavre.fr", "Rémi", "Lefebvre", "référent (Ville du Havre)"),
    DemoUser("referente@lehavreseinemetropole.fr", "Sophie", "Garnier", "référente (Métropole)"),
    DemoUser("agent@lehavre.fr", "Julie", "Moreau", "agent (Ville du Havre)"),
    DemoUser("intrapreneur@lehavre.fr", "Karim", "Haddad", "intrapreneur (rendez-vous)"),
]

COLLECTIVITIES = [
    {
        "siren": "217603513",
        "name": "Ville du Havre",
        "kind": Collectivity.Kind.COMMUNE,
        "insee_code": "76351",
        "departement_code": "76",
        "domain": "lehavre.fr",
    },
    {
        "siren": "200084952",
        "name": "Le Havre Seine Métropole",
        "kind": Collectivity.Kind.EPCI,
        "insee_code": "",
        "departement_code": "76",
        "domain": "lehavreseinemetropole.fr",
    },
]

INVESTIGATING_SLUG = "le-havre-vague-1"
CALL_OPEN_SLUG = "le-havre-2026"
COMMITTEE = [
    "referent@lehavre.fr",
    "referente@lehavreseinemetropole.fr",
    "coach@anct.gouv.fr",
    "designer@anct.gouv.fr",
]


def _upsert_user(
    email: str, first_name: str, last_name: str, password_hash: str, is_staff=False
) -> User:
    user, created = User.objects.update_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "is_staff": is_staff,
            "is_superuser": is_staff,
            "is_active": True,
        },
    )
    if created or not user.has_usable_password():
        user.password = password_hash
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _collectivities() -> dict[str, Collectivity]:
    by_domain = {}
    for data in COLLECTIVITIES:
        fields = {key: value for key, value in data.items() if key != "domain"}
        collectivity, _ = Collectivity.objects.update_or_create(
            siren=data["siren"], defaults=fields
        )
        EmailDomain.objects.update_or_create(
            domain=data["domain"], defaults={"collectivity": collectivity}
        )
        by_domain[data["domain"]] = collectivity
    return by_domain


def _programme(slug: str, fields: dict, collectivities, coach, designer) -> tuple:
    """The programme, rebuilt from scratch when its dates moved; (programme, created)."""
    existing = Programme.objects.filter(slug=slug).first()
    if existing and existing.call_opens_on != fields["call_opens_on"]:
        existing.investigations.all().delete()
        existing.delete()
        existing = None
    if existing:
        return existing, False
    programme = Programme.objects.create(
        slug=slug, coach=coach, designer=designer, status=Programme.Status.DRAFT, **fields
    )
    programme.collectivities.set(collectivities)
    return programme, True


def _run_call_and_selection(programme: Programme, users: dict[str, User], admin) -> None:
    programme.move_to(Programme.Status.CALL_OPEN, by=admin)
    submitted_at = timezone.make_aware(
        datetime.datetime.combine(programme.call_opens_on, datetime.time(10))
    )
    authors = [email for email, *_rest in demo_call.AGENTS]
    selected = []
    for index, (title, service, affected, is_selected) in enumerate(demo_call.PROBLEMS):
        author = users[authors[index % len(authors)]]
        submission = ProblemSubmission.objects.create(
            programme=programme,
            collectivity=demo_call.collectivity_of(author.email),
            author=author,
            title=title,
            service=service,
            affected_users=affected,
            status=ProblemSubmission.Status.SUBMITTED,
            submitted_at=submitted_at + datetime.timedelta(days=index % 20),
            **demo_call.problem_text(title, service),
        )
        for reviewer in COMMITTEE:
            SelectionReview.objects.create(
                submission=submission,
                reviewer=users[reviewer],
                comment="Problème bien décrit, à creuser avec les usagers." if is_selected else "",
                **demo_call.scores_for(title, reviewer, is_selected),
            )
        if is_selected:
            selected.append(submission)
    candidacies = {}
    for email, _first, _last, volunteers in demo_call.AGENTS:
        if volunteers:
            candidacies[email] = Candidacy.objects.create(
                programme=programme,
                agent=users[email],
                motivation="Je vis ce problème chaque semaine et je veux comprendre son ampleur.",
                manager_name="Responsable de service",
                manager_email=f"responsable.{email.split('@')[1]}@example.org",
                manager_agrees=True,
            )
    programme.move_to(Programme.Status.SELECTION, by=users["referent@lehavre.fr"])
    for submission, team in zip(selected, demo_call.TEAMS, strict=True):
        submission.status = ProblemSubmission.Status.SELECTED
        submission.save(update_fields=["status"])
        submission.intrapreneurs.set([candidacies[email] for email in team])
        for candidacy in submission.intrapreneurs.all():
            candidacy.preferred_problems.add(submission)
    selection_finalise(programme=programme, by=users["referent@lehavre.fr"], notify=False)
    # Date the history as it happened, not when the demo ran.
    days = [
        programme.call_opens_on,
        programme.call_closes_on,
        programme.investigation_starts_on - datetime.timedelta(days=14),
    ]
    for transition, day in zip(programme.transitions.order_by("at", "pk"), days, strict=True):
        transition.at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        transition.save(update_fields=["at"])


def _open_call(programme: Programme, users: dict[str, User], admin) -> None:
    programme.move_to(Programme.Status.CALL_OPEN, by=admin)
    agent = users["agent@lehavre.fr"]
    ville = demo_call.collectivity_of(agent.email)
    texts = demo_call.problem_text("Courriers aux usagers illisibles", "Relations aux usagers")
    ProblemSubmission.objects.create(
        programme=programme,
        collectivity=ville,
        author=agent,
        title="Courriers aux usagers illisibles",
        service="Relations aux usagers",
        affected_users="Les usagers qui reçoivent nos courriers",
        status=ProblemSubmission.Status.SUBMITTED,
        submitted_at=timezone.now(),
        **texts,
    )
    ProblemSubmission.objects.create(
        programme=programme,
        collectivity=ville,
        author=agent,
        title="Appels sans réponse au standard",
        service="Accueil",
        affected_users="Les habitants qui appellent la mairie",
        problem="Brouillon : à compléter avant la clôture.",
    )


@transaction.atomic
def seed_demo(today: datetime.date | None = None) -> list[DemoUser]:
    # The search documents are built once each at the end, not at every save.
    with indexing_deferred():
        return _seed_demo(today or timezone.localdate())


def _seed_demo(today: datetime.date) -> list[DemoUser]:
    # Hashing is slow by design: hash the shared demo password once.
    password_hash = make_password(DEMO_PASSWORD)
    users = {
        spec.email: _upsert_user(
            spec.email, spec.first_name, spec.last_name, password_hash, spec.is_staff
        )
        for spec in DEMO_USERS
    }
    for email, first_name, last_name, _volunteers in demo_call.AGENTS:
        if email not in users:
            users[email] = _upsert_user(email, first_name, last_name, password_hash)
    by_domain = _collectivities()
    referents = {"referent@lehavre.fr", "referente@lehavreseinemetropole.fr"}
    for email, user in users.items():
        collectivity = by_domain.get(email.split("@")[1])
        if collectivity:
            role = Membership.Role.REFERENT if email in referents else Membership.Role.AGENT
            Membership.objects.update_or_create(
                user=user, collectivity=collectivity, defaults={"role": role}
            )

    admin = users["admin@anct.gouv.fr"]
    team = {
        "collectivities": list(by_domain.values()),
        "coach": users["coach@anct.gouv.fr"],
        "designer": users["designer@anct.gouv.fr"],
    }
    investigating, created = _programme(
        INVESTIGATING_SLUG,
        {
            "name": "Programme d’investigations du Havre — première vague",
            "call_opens_on": today - datetime.timedelta(days=150),
            "call_closes_on": today - datetime.timedelta(days=110),
            # Eight weeks ago: the demo shows eight weeks of logs.
            "investigation_starts_on": today - datetime.timedelta(days=57),
            "weeks": 10,
            "weekday": Programme.Weekday.THURSDAY,
            "target_problems": 6,
        },
        **team,
    )
    if created:
        _run_call_and_selection(investigating, users, admin)
        demo_fiches.set_themes(investigating)
        demo_investigations.run_investigations(investigating, today)
        demo_fiches.write_fiches(investigating)

    call_open, created = _programme(
        CALL_OPEN_SLUG,
        {
            "name": "Programme d’investigations du Havre — deuxième vague",
            "call_opens_on": today - datetime.timedelta(days=14),
            "call_closes_on": today + datetime.timedelta(days=14),
            "investigation_starts_on": today + datetime.timedelta(days=35),
            "weeks": 10,
            "weekday": Programme.Weekday.THURSDAY,
            "target_problems": 6,
            # The call's own text, as its referents wrote it.
            "call_introduction": (
                "Après une première vague consacrée à l’action sociale, la Ville du Havre et "
                "Le Havre Seine Métropole ouvrent un deuxième appel. Nous cherchons les "
                "problèmes que vous rencontrez avec les usagers ou entre services, même "
                "petits, même mal connus."
            ),
            "call_themes": "Relations aux usagers\nAccueil et standard\nDémarches en ligne",
            "call_contact": "Rémi Lefebvre, referent@lehavre.fr",
        },
        **team,
    )
    if created:
        _open_call(call_open, users, admin)
        # A pivot of the first wave goes to the second wave's call.
        demo_next_steps.run_next_steps(investigating, call_open)
        demo_fiches.set_themes(call_open)
    return DEMO_USERS
