"""A programme's entries in the calendars (incubateur/calendars/feed.py): the closing day
of its call."""

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from incubateur.calendars.feed import Entry, entry_uid
from programmes.models import Programme


def involved_programmes(user):
    """The programmes a person belongs to (members of its collectivités, its ANCT team),
    as far as they may see them."""
    involved = Programme.objects.filter(
        Q(coach=user) | Q(designer=user) | Q(collectivities__memberships__user=user)
    )
    return Programme.objects.visible_to(user).filter(pk__in=involved.values("pk"))


def programme_entries(programme) -> list[Entry]:
    """The call's closing day. Its sequence is the programme's version, raised by every
    change of the programme, its dates included."""
    url = settings.SITE_URL + reverse("programmes:programme_detail", args=[programme.slug])
    return [
        Entry(
            uid=entry_uid("call-closes", programme.pk),
            day=programme.call_closes_on,
            summary=_("Clôture de l’appel à problèmes : %(name)s") % {"name": programme.name},
            description=_("Dernier jour pour déposer un problème.\n%(url)s") % {"url": url},
            url=url,
            sequence=programme.version,
        )
    ]
