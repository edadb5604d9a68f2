"""Keep the search documents in step with their sources, in the same transaction: every
write path (services, admin, demo, factories) saves through the ORM."""

import contextlib
import threading

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from intrapreneurs.models import ProblemSubmission
from investigations.models import CommitteeReview, Conclusion, Fiche, Investigation, WeeklyLog
from knowledge.indexing import index_investigation, index_submission

_deferred = threading.local()


@contextlib.contextmanager
def indexing_deferred():
    """Within the block, saves only note which documents to rebuild; each is rebuilt once
    at the end (a bulk write such as the demo saves an investigation's parts dozens of
    times). Call it inside the writer's transaction: the documents still change in it."""
    if getattr(_deferred, "pending", None) is not None:  # nested: the outer block indexes
        yield
        return
    _deferred.pending = {"submissions": set(), "investigations": set()}
    try:
        yield
        pending = _deferred.pending
    finally:
        _deferred.pending = None
    # Read back from the database: the instances saved in the block may be stale copies.
    submissions = pending["submissions"]
    investigations = pending["investigations"] | set(
        Investigation.objects.filter(submission__in=submissions).values_list("pk", flat=True)
    )
    for submission in ProblemSubmission.objects.filter(pk__in=submissions).select_related(
        "programme", "collectivity"
    ):
        index_submission(submission)
    for investigation in Investigation.objects.filter(pk__in=investigations).select_related(
        "programme", "submission"
    ):
        index_investigation(investigation)


def _later(kind, instance) -> bool:
    pending = getattr(_deferred, "pending", None)
    if pending is None:
        return False
    pending[kind].add(instance.pk)
    return True


def _investigation_of(submission):
    return Investigation.objects.filter(submission=submission).first()


@receiver(post_save, sender=ProblemSubmission)
def submission_saved(sender, instance, raw=False, **kwargs):
    if raw or _later("submissions", instance):
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
    if not raw and not _later("investigations", instance):
        index_investigation(instance)


@receiver(post_save, sender=Fiche)
@receiver(post_save, sender=Conclusion)
@receiver(post_save, sender=CommitteeReview)
@receiver(post_save, sender=WeeklyLog)
def investigation_part_saved(sender, instance, raw=False, **kwargs):
    if not raw and not _later("investigations", instance.investigation):
        index_investigation(instance.investigation)
