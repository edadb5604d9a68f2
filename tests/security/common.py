"""What the access-policy walk and the fuzz tests share: the project's URLs, read from
the resolver; a world built once per module in a transaction rolled back after it; the
people of a tenant."""

import inspect
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from tests.programmes.factories import CollectivityFactory, MembershipFactory

# Whole includes left out, each with its own tests:
# - the Django admin: limited to admins by Django itself (is_staff) and by
#   admin.site.login = login_required(...) (tests/test_admin*.py);
# - allauth's account and social-account URLs (login, signup, password reset, e-mail
#   confirmation, ProConnect's login and callback, MFA), public by design and tested in
#   tests/accounts/.
EXCLUDED_NAMESPACES = {"admin"}
EXCLUDED_URLCONFS = {"allauth.urls"}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as tests/conftest.py


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            module = getattr(entry.urlconf_module, "__name__", None)
            if entry.namespace in EXCLUDED_NAMESPACES or module in EXCLUDED_URLCONFS:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            # An unnamed pattern keeps its repr: no policy or fuzz target can name it.
            name = f"{namespace}{entry.name}" if entry.name else repr(entry)
            yield name, entry


def project_urls() -> dict[str, URLPattern]:
    """Every URL pattern of the project, by name, the admin and allauth excluded."""
    return dict(_walk(get_resolver().url_patterns))


def url_names_whose_view_reads(attribute: str) -> list[str]:
    """The URLs whose view function's source mentions `attribute` ("request.htmx")."""
    return sorted(
        name
        for name, pattern in project_urls().items()
        if attribute in inspect.getsource(inspect.unwrap(pattern.callback))
    )


@contextmanager
def module_world(django_db_blocker, **settings):
    """For a module-scoped world fixture: a transaction rolled back at the module's end,
    in which each test's own transaction (pytest-django) is a savepoint."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, **settings),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)


@contextmanager
def rolled_back():
    """One request (or fuzz example) in a transaction rolled back after it, so that the
    next starts from the same world."""
    with transaction.atomic():
        # Rate limits count in the cache: each starts afresh.
        cache.clear()
        yield
        transaction.set_rollback(True)


def collectivity_with_members(**fields):
    """A collectivité, its agent and its referent: the people of one tenant."""
    collectivity = CollectivityFactory(**fields)
    agent = MembershipFactory(agent=True, collectivity=collectivity).user
    referent = MembershipFactory(referent=True, collectivity=collectivity).user
    return collectivity, agent, referent
