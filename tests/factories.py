"""Factories any app's tests may use: keep their names and traits stable.

user = UserFactory()                  # signs in with DEFAULT_PASSWORD, e-mail verified
user = UserFactory(unverified=True)   # signed up, but has not confirmed the e-mail yet
admin = UserFactory(admin=True)       # ANCT Incubateur staff
admin = UserFactory(admin=True, totp=True)  # ... with an authenticator app (Django admin)
coach = UserFactory(anct=True)        # an ANCT team member without admin rights
"""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model

DEFAULT_PASSWORD = "motdepasse-solide-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        admin = factory.Trait(
            is_staff=True, email=factory.Sequence(lambda n: f"admin{n}@anct.gouv.fr")
        )
        anct = factory.Trait(email=factory.Sequence(lambda n: f"equipe{n}@anct.gouv.fr"))
        unverified = factory.Trait(email_address__verified=False)

    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def email_address(user, create, extracted, verified=True, **kwargs):
        # With mandatory verification, allauth signs in only through a verified address.
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True, verified=verified
            )

    @factory.post_generation
    def totp(user, create, extracted, **kwargs):
        # Two-factor authentication by an authenticator app, which the Django admin requires.
        if create and extracted:
            TOTP.activate(user, generate_totp_secret())
