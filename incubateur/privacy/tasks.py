import logging

from celery import shared_task
from django.utils import timezone

from incubateur.privacy.services import retention_run

logger = logging.getLogger(__name__)


@shared_task(expires=6 * 3600)
def anonymise_inactive_accounts() -> dict:
    """Daily (Celery beat): the same selection as `manage.py anonymise_inactive`."""
    result = retention_run(now=timezone.now())
    for user, refusal in result.refused:
        logger.warning("Inactive account %s kept: %s", user.pk, refusal)
    return {"warned": len(result.warned), "anonymised": len(result.anonymised)}
