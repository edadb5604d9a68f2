"""The kinds of notification the apps declare, and what they add to the digest.

Each app states its notifications in `<app>/notifications.py` (a module or a package),
which registers one `Message` per kind (its key is stored in `Notification.kind`) and,
if it has something to say on Monday morning, a `DigestSection`. The app config's
`ready()` imports every such module; the machinery then loops over what was registered
and knows no app."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


class UnknownKind(LookupError):
    """A kind of notification that no app registered."""

    def __init__(self, kind: str):
        super().__init__(
            f"Unknown notification kind {kind!r}: no app registered it in its "
            "notifications module (see incubateur.notifications.registry)."
        )


@dataclass(frozen=True)
class DigestSection:
    """What one app adds to the Monday digest. `followers()` is a queryset of the users
    it may have something to tell; `build(user, monday, now)` what changed for `user`
    during the week before `monday` (falsy: nothing); the section's
    `<template>.txt` and `<template>.html` render it as `content`."""

    name: str
    followers: Callable[[], models.QuerySet]
    build: Callable[[Any, datetime.date, datetime.datetime], Any]
    template: str
    # Sections appear by this order, then by name: the email does not depend on the
    # order in which apps are loaded.
    order: int = 100


class Registry:
    def __init__(self):
        self._messages = {}
        self._sections = {}

    def register(self, message):
        """Declare a kind of notification (a `Message`); returns it."""
        if message.kind in self._messages:
            raise ValueError(f"Notification kind {message.kind!r} is registered twice.")
        self._messages[message.kind] = message
        return message

    def register_digest(self, section: DigestSection) -> DigestSection:
        if section.name in self._sections:
            raise ValueError(f"Digest section {section.name!r} is registered twice.")
        self._sections[section.name] = section
        return section

    def message(self, kind: str):
        try:
            return self._messages[kind]
        except KeyError:
            raise UnknownKind(kind) from None

    def messages(self) -> list:
        return list(self._messages.values())

    def label(self, kind: str) -> str:
        return self.message(kind).label

    def choices(self) -> list[tuple[str, str]]:
        return [(message.kind, message.label) for message in self._messages.values()]

    def due_at(self, now: datetime.datetime) -> list:
        """Every scheduled notification that must exist at `now`."""
        return [due for message in self._messages.values() for due in message.due(now)]

    def digest_sections(self) -> list[DigestSection]:
        return sorted(self._sections.values(), key=lambda section: (section.order, section.name))


registry = Registry()
register = registry.register
register_digest = registry.register_digest
message = registry.message
label = registry.label
messages = registry.messages
due_at = registry.due_at
digest_sections = registry.digest_sections


def choices() -> list[tuple[str, str]]:
    """Notification.kind's choices (a callable, so that the model names no kind)."""
    return registry.choices()
