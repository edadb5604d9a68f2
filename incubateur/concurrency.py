"""Optimistic locking: a form carries the version it was opened on; saving claims the
next version, or reports that someone else saved in between (nothing is overwritten)."""

from django.db.models import F
from django.utils.translation import gettext as _


class ConcurrentEditError(Exception):
    """The record changed since the form was opened."""


def bump_version(model, instance, expected_version: int) -> None:
    """Claim the next version of a record, or fail if someone saved it meanwhile."""
    claimed = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise ConcurrentEditError(
            _(
                "Ce contenu a été modifié par quelqu’un d’autre depuis que vous avez ouvert "
                "le formulaire. Vos saisies sont conservées ci-dessous : vérifiez la version "
                "actuelle avant d’enregistrer à nouveau."
            )
        )
    instance.version = expected_version + 1


def typed_over(data, version: int):
    """What the user typed, to show again after a ConcurrentEditError, with the version
    they are now shown next to it: their next save goes over that one."""
    data = data.copy()
    data["version"] = version
    return data
