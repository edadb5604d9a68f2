"""Parts of pages kept in the cache until the data they show changes
(incubateur.fragments): what each write touches, the day, the `until` of a part, evicted
tokens, the second replacement at commit, and an unreachable cache."""

import datetime

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from incubateur import fragments
from investigations.models import WeeklySession
from investigations.schedule import sessions_reschedule
from tests.factories import UserFactory
from tests.investigations.factories import CommentFactory, InvestigationFactory
from tests.programmes.factories import CollectivityFactory, ProgrammeFactory

# The apps whose models pages show.
OUR_APPS = ("incubateur", "programmes", "intrapreneurs", "investigations", "knowledge", "reports")


class Counter:
    """A part's computation, counted."""

    def __init__(self, until=None):
        self.calls = 0
        self.until = until

    def __call__(self):
        self.calls += 1
        return f"rendu {self.calls}", self.until


def part(counter, *scopes, vary=()):
    return fragments.cached("test", scopes, counter, vary=vary)


def test_every_model_of_our_apps_says_what_its_writes_touch():
    ours = [
        model
        for model in apps.get_models()
        if model.__module__.split(".")[0] in OUR_APPS and not model._meta.auto_created
    ]
    assert len(ours) > 30
    forgotten = [
        model._meta.label
        for model in ours
        if model not in fragments.watched and model not in fragments.ignored
    ]
    assert forgotten == []


@pytest.mark.django_db
def test_a_part_is_kept_until_a_write_touches_its_programme():
    mine = InvestigationFactory()
    other = InvestigationFactory()
    counter = Counter()
    scope = fragments.programme_scope(mine.programme_id)

    assert part(counter, scope) == "rendu 1"
    assert part(counter, scope) == "rendu 1"
    CommentFactory(investigation=other)  # another programme's data
    assert part(counter, scope) == "rendu 1"
    # Three steps from the programme: comment, investigation, programme.
    CommentFactory(investigation=mine)
    assert part(counter, scope) == "rendu 2"
    assert part(counter, scope, vary=("autre filtre",)) == "rendu 3"


@pytest.mark.django_db
def test_a_programme_write_touches_the_national_parts_too():
    programme = ProgrammeFactory()
    counter = Counter()

    part(counter, fragments.PROGRAMMES)
    programme.name = "Nouveau nom"
    programme.save()

    assert part(counter, fragments.PROGRAMMES) == "rendu 2"


@pytest.mark.django_db
def test_what_every_page_shows_touches_every_part_but_signing_in_does_not():
    programme = ProgrammeFactory()
    user = UserFactory()
    counter = Counter()
    scope = fragments.programme_scope(programme.pk)

    part(counter, scope)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert part(counter, scope) == "rendu 1"
    user.first_name = "Camille"
    user.save()
    assert part(counter, scope) == "rendu 2"
    collectivity = CollectivityFactory()
    assert part(counter, scope) == "rendu 3"
    programme.collectivities.add(collectivity)  # a many-to-many change
    assert part(counter, scope) == "rendu 4"


@pytest.mark.django_db
def test_moving_sessions_with_a_queryset_update_touches_their_programme():
    investigation = InvestigationFactory()
    counter = Counter()
    scope = fragments.programme_scope(investigation.programme_id)
    part(counter, scope)
    dates = [
        session.date + datetime.timedelta(days=1)
        for session in WeeklySession.objects.filter(investigation=investigation).order_by("week")
    ]

    sessions_reschedule(investigation=investigation, dates=dates)

    assert part(counter, scope) == "rendu 2"


def test_a_part_is_computed_again_at_its_until_and_the_next_day(time_machine):
    noon = timezone.make_aware(datetime.datetime(2027, 3, 4, 12))
    time_machine.move_to(noon, tick=False)
    counter = Counter(until=noon + datetime.timedelta(minutes=10))

    part(counter)
    time_machine.move_to(noon + datetime.timedelta(minutes=9), tick=False)
    assert part(counter) == "rendu 1"
    time_machine.move_to(noon + datetime.timedelta(minutes=10), tick=False)
    assert part(counter) == "rendu 2"

    counter.until = None
    part(counter)
    time_machine.move_to(noon + datetime.timedelta(minutes=55), tick=False)
    assert part(counter) == "rendu 3"
    time_machine.move_to(noon + datetime.timedelta(hours=12, minutes=5), tick=False)
    assert part(counter) == "rendu 4"  # the next day (and after PART_SECONDS)


def test_an_evicted_token_never_finds_an_old_part():
    counter = Counter()
    part(counter, "programme:1")
    cache.delete("fragments:token:programme:1")

    assert part(counter, "programme:1") == "rendu 2"
    assert part(counter, "programme:1") == "rendu 2"


@pytest.mark.django_db
def test_the_tokens_are_replaced_again_when_the_write_commits(
    django_capture_on_commit_callbacks,
):
    """A reader between the write and its commit may cache what was there before: the
    second replacement, at commit, makes that entry unreachable."""
    scope = fragments.programme_scope(1)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        fragments.touch(scope)
        at_write = fragments.tokens([scope, fragments.PROGRAMMES])

    assert len(callbacks) == 1
    at_commit = fragments.tokens([scope, fragments.PROGRAMMES])
    assert at_commit[0] != at_write[0] and at_commit[1] != at_write[1]


UNREACHABLE = {
    "default": {
        "BACKEND": "incubateur.cache.ResilientRedisCache",
        # Nothing listens on port 1: every call fails at once.
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


@override_settings(CACHES=UNREACHABLE, CACHE_BREAKER_SECONDS=60)
def test_while_the_cache_is_unreachable_parts_are_computed_each_time(caplog):
    """Each process would keep its own tokens: a write in one would not reach the
    others' parts."""
    from incubateur import cache as resilient

    counter = Counter()
    try:
        assert part(counter) == "rendu 1"
        assert part(counter) == "rendu 2"
    finally:
        resilient._open_until.clear()
    assert "Cache unreachable" in caplog.text
