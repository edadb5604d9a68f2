"""The retention periods (settings RGPD_INACTIVITY_DAYS and RGPD_WARNING_DAYS)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import ngettext


def inactivity_period() -> datetime.timedelta:
    return datetime.timedelta(days=settings.RGPD_INACTIVITY_DAYS)


def warning_period() -> datetime.timedelta:
    return datetime.timedelta(days=settings.RGPD_WARNING_DAYS)


def anonymisation_date(user) -> datetime.date:
    """When a warned account will be anonymised if its owner does not log in."""
    return timezone.localdate(user.inactivity_warned_at + warning_period())


def describe_days(days: int) -> str:
    """« 3 ans » for a whole number of years, else « 45 jours »."""
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(count)d an", "%(count)d ans", years) % {"count": years}
    return ngettext("%(count)d jour", "%(count)d jours", days) % {"count": days}
