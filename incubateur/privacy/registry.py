"""What each app holds about a person, declared by the app itself (RGPD): its sections of
the personal-data export and its steps of the anonymisation. The privacy app knows no
domain app; each one registers its part in its own `<app>/privacy.py`, imported at start-up
by PrivacyConfig.ready().

Positions are explicit, so that the export keeps one stable order (the sections' order is
the order of the downloaded file) and the erasure steps run in a known one."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q


@dataclass(frozen=True)
class Subject:
    """Whose data it is, with what every section or step may need."""

    user: Any
    # Rows addressed to one of their *verified* addresses (an unverified one may be
    # someone else's): invitations and emails sent before they had an account.
    same_address: Q
    # The export's: their EmailAddress rows by address, fetched once for two sections.
    email_addresses: tuple = ()
    # The anonymisation's moment.
    now: Any = None


@dataclass(frozen=True)
class Part:
    name: str
    position: int
    run: Callable[[Subject], Any]


class Registry:
    def __init__(self):
        self._sections: dict[str, Part] = {}
        self._erasures: dict[str, Part] = {}

    def section(self, name: str, *, position: int):
        """Decorator: `run(subject)` returns the export's `name` key, JSON-ready."""
        return self._register(self._sections, name, position)

    def erasure(self, name: str, *, position: int):
        """Decorator: `run(subject)` erases or detaches what identifies the person, inside
        the anonymisation's transaction."""
        return self._register(self._erasures, name, position)

    def sections(self) -> list[Part]:
        return sorted(self._sections.values(), key=lambda part: part.position)

    def erasures(self) -> list[Part]:
        return sorted(self._erasures.values(), key=lambda part: part.position)

    @staticmethod
    def _register(parts: dict[str, Part], name: str, position: int):
        def decorator(run):
            # A second part with the same name or position would silently replace or
            # reorder one: the export's content must not depend on import order.
            if name in parts:
                raise ImproperlyConfigured(f"Privacy part {name!r} is registered twice.")
            taken = {part.position: part.name for part in parts.values()}
            if position in taken:
                raise ImproperlyConfigured(
                    f"Privacy part {name!r}: position {position} is {taken[position]!r}'s."
                )
            parts[name] = Part(name=name, position=position, run=run)
            return run

        return decorator


registry = Registry()
