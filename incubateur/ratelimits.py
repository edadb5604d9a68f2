"""Rate limits of our own forms, on top of allauth's (sign-in, sign-up, password reset).

Counted by django-ratelimit in the cache (Redis in production, shared by every worker).
While Redis is unreachable the cache answers from each process's memory
(incubateur/cache.py): the limits keep counting, per process.
A view wrapped in `limit_posts` finds `request.limited` set once a limit is exceeded: it
then shows its form again with what was typed and `TOO_MANY_ATTEMPTS`, saves nothing, and
answers 429."""

from functools import partial

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_ratelimit.decorators import ratelimit

TOO_MANY_ATTEMPTS = _(
    "Trop de tentatives en peu de temps : rien n’a été enregistré. "
    "Votre saisie est conservée ci-dessous ; réessayez dans quelques minutes."
)


def client_ip(request) -> str:
    """The client's address as allauth sees it (ALLAUTH_TRUSTED_PROXY_COUNT), so that
    both kinds of limits count the same visitor."""
    return get_adapter().get_client_ip(request)


def _setting_rate(name, group, request):
    # Read at request time, so that the environment (and tests) can change it.
    return getattr(settings, name)


def limit_posts(group: str, **rates: str):
    """Count the POSTs to a view, per `user` and/or per `ip`, each with the rate named by
    the given setting: `@limit_posts("invitations", user="RATE_LIMIT_...")`."""

    def decorator(view):
        for key, setting in rates.items():
            view = ratelimit(
                group=f"{group}-{key}",
                key=key,
                rate=partial(_setting_rate, setting),
                method="POST",
                block=False,
            )(view)
        return view

    return decorator
