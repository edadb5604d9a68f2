"""Parts of pages kept in the cache until the data they show changes.

A part names the scopes of data it shows: `programme_scope(pk)` for one programme's call,
selection and investigations, PROGRAMMES for anything of any programme (the national
figures, the admin's list), and every part shows EVERYTHING as well (people's names,
collectivités, themes). Each scope has a token, a random string that is replaced when a
write to its data happens (`touch`). Each app says which scope a write to each of its
models touches (`watch`, `watch_everything`, `ignore`, called from its AppConfig.ready).

A part's key holds the tokens of its scopes, the language and the day: after a write its
next reader gets a new key and renders it again; the old entry is never read again and
expires. Random tokens, not counters: a token evicted from the cache comes back as a new
random one, never as an old value that would find an old entry.

A token is replaced at the write and again when its transaction commits: a reader
between the two may render the data of before the commit, and the second replacement
makes that entry unreachable.

While the cache is unreachable (its breaker is open, see incubateur.cache), each process
keeps its own tokens and a write in one would not reach the others: parts are then
computed on every request. Writes that bypass the model signals (`QuerySet.update`,
`bulk_create`) call `touch` themselves; PART_SECONDS bounds what one forgotten could
leave stale.
"""

import datetime
import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

EVERYTHING = "everything"
PROGRAMMES = "programmes"
# Unread entries go; a write made outside the ORM's signals and not touched by hand
# is seen after this at the latest.
PART_SECONDS = 60 * 60

# Every model of our apps is in one of these (tests/incubateur/test_fragments.py checks).
watched: dict[type, str | None] = {}
ignored: set[type] = set()


def programme_scope(pk) -> str:
    return f"programme:{pk}"


def _token_key(scope: str) -> str:
    return f"fragments:token:{scope}"


def replace_tokens(scopes: Iterable[str]) -> None:
    cache.set_many({_token_key(scope): secrets.token_hex(8) for scope in scopes}, None)


def touch(*scopes: str) -> None:
    """The data of these scopes changed (a programme's also changes PROGRAMMES)."""
    scopes = set(scopes)
    if any(scope.startswith("programme:") for scope in scopes):
        scopes.add(PROGRAMMES)
    replace_tokens(scopes)
    transaction.on_commit(functools.partial(replace_tokens, scopes))


def touch_programme(pk) -> None:
    touch(programme_scope(pk) if pk is not None else EVERYTHING)


def tokens(scopes: Iterable[str]) -> list[str]:
    """The scopes' tokens, in their order; a missing one is created (one round trip
    when none is missing)."""
    keys = [_token_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            # `add`: a token replaced meanwhile by a write is not overwritten.
            cache.add(key, secrets.token_hex(8), None)
            found[key] = cache.get(key)
    return [found[key] for key in keys]


def _cache_is_shared() -> bool:
    return not getattr(cache, "breaker_open", False)


def cached(
    name: str,
    scopes: Iterable[str],
    compute: Callable[[], tuple[object, datetime.datetime | None]],
    *,
    vary: tuple = (),
):
    """`compute()`'s value, from the cache while no write touched `scopes` today.

    `compute` returns (value, until): `until` is when the value goes out of date with
    no write (a help request becomes a week old), or None. `vary` holds whatever else
    the value depends on (the user, the filters)."""
    scopes = [EVERYTHING, *scopes]
    if not _cache_is_shared():
        return compute()[0]
    parts = (name, get_language(), timezone.localdate().isoformat(), vary, tokens(scopes))
    key = f"fragments:{name}:{hashlib.sha256(repr(parts).encode()).hexdigest()}"
    entry = cache.get(key)
    now = timezone.now()
    if entry is not None and (entry[1] is None or now < entry[1]):
        return entry[0]
    value, until = compute()
    if _cache_is_shared():
        cache.set(key, (value, until), PART_SECONDS)
    return value


# What a write touches.


def _programme_of(model, path: str | None):
    """A function giving the pk of the programme an instance of `model` belongs to,
    following `path` (e.g. "investigation__programme") through the related objects
    already loaded, then in one query if need be. None for Programme itself."""
    if path is None:
        return lambda instance: instance.pk
    names = path.split("__")

    def programme_pk(instance):
        obj = instance
        for depth, name in enumerate(names):
            field = obj._meta.get_field(name)
            if depth == len(names) - 1:
                return getattr(obj, field.attname)
            if not field.is_cached(obj):
                rest = "__".join(names[depth + 1 :])
                related = field.related_model._base_manager
                pk = getattr(obj, field.attname)
                return related.filter(pk=pk).values_list(rest, flat=True).first()
            obj = getattr(obj, name)

    return programme_pk


def _connect(model, scopes_of, *, skip_fields: frozenset = frozenset()) -> None:
    def changed(sender, instance, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= skip_fields:
            return
        try:
            scopes = scopes_of(instance)
        except ObjectDoesNotExist:
            scopes = [EVERYTHING]
        touch(*scopes)

    def m2m(sender, instance, action, **kwargs):
        if action.startswith("post_"):
            changed(sender, instance if isinstance(instance, model) else None)

    uid = f"fragments:{model._meta.label}"
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid)
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(
            m2m, sender=field.remote_field.through, weak=False, dispatch_uid=f"{uid}.{field.name}"
        )


def watch(model, path: str | None) -> None:
    """Writes to `model` touch the programme at `path` (None: the model is Programme)."""
    programme_pk = _programme_of(model, path)

    def scopes_of(instance):
        if instance is None:  # the other side of a many-to-many relation
            return [EVERYTHING]
        pk = programme_pk(instance)
        return [programme_scope(pk)] if pk is not None else [EVERYTHING]

    watched[model] = path
    _connect(model, scopes_of)


def watch_everything(model, *, skip_fields: Iterable[str] = ()) -> None:
    """Writes to `model` touch every part, except saves of only `skip_fields`."""
    watched[model] = EVERYTHING
    _connect(model, lambda instance: [EVERYTHING], skip_fields=frozenset(skip_fields))


def watch_scope(model, scope: str) -> None:
    """Writes to `model` touch `scope` (and what shows EVERYTHING, not the others)."""
    watched[model] = scope
    _connect(model, lambda instance: [scope])


def ignore(*models) -> None:
    """No part shows these models' rows."""
    ignored.update(models)
