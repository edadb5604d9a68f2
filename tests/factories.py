"""Factories any app's tests may use: keep their names and traits stable.

user = UserFactory()                  # signs in with DEFAULT_PASSWORD
user = UserFactory(unverified=True)   # signed up, but has not confirmed the e-mail yet
"""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

DEFAULT_PASSWORD = "motdepasse-solide-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        unverified = factory.Trait(email_address__verified=False)

    email = factory.Sequence(lambda n: f"agent{n}@collectivite.fr")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def email_address(user, create, extracted, verified=True, **kwargs):
        # With mandatory verification, allauth signs in only through a verified address.
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True, verified=verified
            )
