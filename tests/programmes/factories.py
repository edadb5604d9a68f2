"""Factories for collectivités, memberships, invitations and programmes.

Other apps' tests import these: keep their names and traits stable. Users come from
tests/factories.py.

    referent = MembershipFactory(referent=True).user
    programme = ProgrammeFactory(call_open=True, collectivities=[collectivity])
"""

import datetime

import factory
from django.utils import timezone

from programmes.models import (
    Collectivity,
    EmailDomain,
    Invitation,
    Membership,
    Programme,
)
from programmes.validators import luhn_is_valid
from tests.factories import UserFactory


def valid_siren(seed: int) -> str:
    """A valid SIREN built from a seed: eight digits and the Luhn check digit."""
    body = f"{seed % 90_000_000 + 10_000_000:08d}"
    return next(body + str(digit) for digit in range(10) if luhn_is_valid(body + str(digit)))


def days_from_today(days: int):
    return factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=days))


class CollectivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collectivity
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Commune numéro {n}")
    kind = Collectivity.Kind.COMMUNE
    siren = factory.Sequence(valid_siren)
    departement_code = "76"

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        """`CollectivityFactory(domains=["lehavre.fr"])` adds its email domains."""
        if create and extracted:
            for domain in extracted:
                EmailDomain.objects.create(collectivity=self, domain=domain)


class EmailDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailDomain

    collectivity = factory.SubFactory(CollectivityFactory)
    domain = factory.Sequence(lambda n: f"commune{n}.fr")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    class Params:
        agent = factory.Trait(role=Membership.Role.AGENT)
        referent = factory.Trait(role=Membership.Role.REFERENT)

    user = factory.SubFactory(UserFactory)
    collectivity = factory.SubFactory(CollectivityFactory)
    role = Membership.Role.AGENT


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    class Params:
        referent = factory.Trait(role=Membership.Role.REFERENT)
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
        )
        accepted = factory.Trait(accepted_at=factory.LazyFunction(timezone.now))

    collectivity = factory.SubFactory(CollectivityFactory)
    email = factory.Sequence(lambda n: f"invite{n}@example.org")
    role = Membership.Role.AGENT
    invited_by = None


class ProgrammeFactory(factory.django.DjangoModelFactory):
    """A programme whose dates fit its status relative to today (the call of a
    `call_open` programme accepts submissions). It has a coach and a designer from the
    ANCT, and one new collectivité unless `collectivities=[...]` is given."""

    class Meta:
        model = Programme
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(status=Programme.Status.DRAFT)
        call_open = factory.Trait(status=Programme.Status.CALL_OPEN)
        selection = factory.Trait(
            status=Programme.Status.SELECTION,
            call_opens_on=days_from_today(-40),
            call_closes_on=days_from_today(-5),
            investigation_starts_on=days_from_today(20),
        )
        investigation = factory.Trait(
            status=Programme.Status.INVESTIGATION,
            call_opens_on=days_from_today(-120),
            call_closes_on=days_from_today(-80),
            investigation_starts_on=days_from_today(-30),
        )
        closed = factory.Trait(
            status=Programme.Status.CLOSED,
            call_opens_on=days_from_today(-300),
            call_closes_on=days_from_today(-260),
            investigation_starts_on=days_from_today(-200),
        )

    name = factory.Sequence(lambda n: f"Programme d’investigations {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    call_opens_on = days_from_today(-7)
    call_closes_on = days_from_today(21)
    investigation_starts_on = days_from_today(35)
    weeks = 10
    weekday = Programme.Weekday.THURSDAY
    target_problems = 6
    coach = factory.SubFactory(UserFactory, anct=True)
    designer = factory.SubFactory(UserFactory, anct=True)
    status = Programme.Status.DRAFT

    @factory.post_generation
    def collectivities(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [CollectivityFactory()]
        self.collectivities.add(*extracted)
