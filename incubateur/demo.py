"""Demo data: every role, the Le Havre collectivités and their programme.

Idempotent: records are looked up by natural keys (email, SIREN, slug) and updated in
place, so running it twice gives the same data. Each later feature extends it so that the
demo always shows everything the product does.
"""

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from incubateur.accounts.models import User
from programmes.models import Collectivity, Membership, Programme

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
    DemoUser("intrapreneur@lehavre.fr", "Karim", "Haddad", "agent, futur intrapreneur"),
]

COLLECTIVITIES = [
    {
        "siren": "217603513",
        "name": "Ville du Havre",
        "kind": Collectivity.Kind.COMMUNE,
        "insee_code": "76351",
        "departement_code": "76",
    },
    {
        "siren": "200084952",
        "name": "Le Havre Seine Métropole",
        "kind": Collectivity.Kind.EPCI,
        "insee_code": "",
        "departement_code": "76",
    },
]

PROGRAMME_SLUG = "le-havre-2026"


def _upsert_user(spec: DemoUser) -> User:
    user, _ = User.objects.update_or_create(
        email=spec.email,
        defaults={
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "is_staff": spec.is_staff,
            "is_superuser": spec.is_staff,
            "is_active": True,
        },
    )
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=spec.email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def seed_demo(today: datetime.date | None = None) -> list[DemoUser]:
    today = today or timezone.localdate()
    users = {spec.email: _upsert_user(spec) for spec in DEMO_USERS}

    ville, metropole = (
        Collectivity.objects.update_or_create(siren=data["siren"], defaults=data)[0]
        for data in COLLECTIVITIES
    )
    memberships = [
        ("referent@lehavre.fr", ville, Membership.Role.REFERENT),
        ("referente@lehavreseinemetropole.fr", metropole, Membership.Role.REFERENT),
        ("agent@lehavre.fr", ville, Membership.Role.AGENT),
        ("intrapreneur@lehavre.fr", ville, Membership.Role.AGENT),
    ]
    for email, collectivity, role in memberships:
        Membership.objects.update_or_create(
            user=users[email], collectivity=collectivity, defaults={"role": role}
        )

    # Dates follow today so that the demo always shows a call in progress.
    call_opens_on = today - datetime.timedelta(days=14)
    call_closes_on = today + datetime.timedelta(days=14)
    programme, _ = Programme.objects.update_or_create(
        slug=PROGRAMME_SLUG,
        defaults={
            "name": "Programme d’investigations du Havre 2026",
            "call_opens_on": call_opens_on,
            "call_closes_on": call_closes_on,
            "investigation_starts_on": call_closes_on + datetime.timedelta(days=21),
            "weeks": 10,
            "weekday": Programme.Weekday.THURSDAY,
            "target_problems": 6,
            "coach": users["coach@anct.gouv.fr"],
            "designer": users["designer@anct.gouv.fr"],
            "status": Programme.Status.CALL_OPEN,
        },
    )
    programme.collectivities.set([ville, metropole])
    return DEMO_USERS
