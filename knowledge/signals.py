"""Keep the search documents in step with their sources, in the same transaction: every
write path (services, admin, demo, factories) saves through the ORM."""

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from intrapreneurs.models import ProblemSubmission
from investigations.models import CommitteeReview, Conclusion, Fiche, Investigation, WeeklyLog
from knowledge.indexing import index_investigation, index_submission


def _investigation_of(submission):
    return Investigation.objects.filter(submission=submission).first()


@receiver(post_save, sender=ProblemSubmission)
def submission_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    index_submission(instance)
    investigation = _investigation_of(instance)
    if investigation:
        index_investigation(investigation)


@receiver(m2m_changed, sender=ProblemSubmission.themes.through)
def submission_themes_changed(sender, instance, action, reverse, **kwargs):
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    submission_saved(ProblemSubmission, instance)


@receiver(post_save, sender=Investigation)
def investigation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_investigation(instance)


@receiver(post_save, sender=Fiche)
@receiver(post_save, sender=Conclusion)
@receiver(post_save, sender=CommitteeReview)
@receiver(post_save, sender=WeeklyLog)
def investigation_part_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_investigation(instance.investigation)
