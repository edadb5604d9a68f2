"""The fiche problème's workflows: the team writes it (each save a revision), the coach or
an admin publishes it (which completes the « Page publique du problème » milestone) and
unpublishes it. Publishing, and saving a published fiche, are refused while its text
names a person or gives an email address or a phone number."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from incubateur.audit.services import Action, record
from incubateur.concurrency import bump_version
from investigations import access
from investigations.fiche_checks import Finding, fiche_findings
from investigations.models import Fiche, FicheRevision, Hypothesis, Investigation, Milestone
from investigations.services import _check_open, _check_team_member
from programmes.models import TransitionError

SLUG_LENGTH = 60


class PublicationRefused(Exception):
    """The fiche may not be public as it stands: `findings` say which lines, `missing`
    which sections are empty."""

    def __init__(self, findings: list[Finding] = (), missing: list[str] = ()):
        self.findings = list(findings)
        self.missing = list(missing)
        super().__init__("; ".join([*map(str, self.findings), *self.missing]))


def fiche_for(investigation: Investigation) -> Fiche:
    """The investigation's fiche, or a new unsaved one drafted from the submission and
    the hypotheses board."""
    fiche = Fiche.objects.filter(investigation=investigation).select_related("sponsor").first()
    if fiche:
        return fiche
    submission = investigation.submission
    to_test = investigation.hypotheses.filter(status=Hypothesis.Status.TO_TEST)
    return Fiche(
        investigation=investigation,
        title=submission.title,
        problem_statement=submission.problem,
        hypotheses="\n".join(f"- {h.statement}" for h in to_test),
        sponsor=submission.collectivity,
        sponsor_service=submission.service,
    )


def _check_publishable(fiche: Fiche, figures=None) -> None:
    labels = fiche.section_labels()
    missing = [
        _("La section « %(section)s » est vide.") % {"section": labels[name]}
        for name in Fiche.REQUIRED_TO_PUBLISH
        if not getattr(fiche, name).strip()
    ]
    findings = fiche_findings(fiche, figures)
    if findings or missing:
        raise PublicationRefused(findings, missing)


@transaction.atomic
def fiche_save(*, fiche: Fiche, by, expected_version=None, figures=None) -> Fiche:
    """Save the team's fiche over the version its form was opened on, with its figures
    (an inline formset), and keep the revision. A published fiche stays publishable."""
    investigation = fiche.investigation
    _check_open(investigation)
    _check_team_member(investigation, by)
    if fiche.pk:
        stored = Fiche.objects.select_for_update().get(pk=fiche.pk)
        # Publication is the coach's: a team's form never changes it.
        fiche.slug = stored.slug
        fiche.published_at = stored.published_at
        fiche.published_by_id = stored.published_by_id
        before = stored.snapshot()
    else:
        before = {}
    if fiche.is_published:
        _check_publishable(fiche, None if figures is None else _figures_after(figures))
    if fiche.pk:
        bump_version(Fiche, fiche, expected_version)
    fiche.save()
    if figures is not None:
        figures.instance = fiche
        figures.save()
    content = fiche.snapshot()
    changed = [name for name in content if content[name] != before.get(name)]
    if changed:
        FicheRevision.objects.create(fiche=fiche, author=by, changed=changed, content=content)
    return fiche


def _figures_after(formset) -> list[tuple[str, str]]:
    """The figures as the formset will leave them (deleted rows out, blank rows out)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {})
        if not data or data.get("DELETE"):
            continue
        rows.append((data.get("figure", ""), data.get("source", "")))
    return rows


def _unique_slug(fiche: Fiche) -> str:
    base = slugify(fiche.title)[:SLUG_LENGTH].strip("-") or "probleme"
    slug = base
    while Fiche.objects.filter(slug=slug).exclude(pk=fiche.pk).exists():
        slug = f"{base}-{get_random_string(6, 'abcdefghijkmnpqrstuvwxyz23456789')}"
    return slug


@transaction.atomic
def fiche_publish(*, fiche: Fiche, by, today=None) -> Fiche:
    """Publish the fiche at its stable address and mark the public-page milestone done."""
    if not access.can_publish_fiche(by, fiche.investigation):
        raise TransitionError(_("Seuls le coach du programme et les administrateurs publient."))
    fiche = Fiche.objects.select_for_update().get(pk=fiche.pk)
    if fiche.is_published:
        return fiche
    _check_publishable(fiche)
    if not fiche.slug:
        fiche.slug = _unique_slug(fiche)
    fiche.published_at = timezone.now()
    fiche.published_by = by
    fiche.save(update_fields=["slug", "published_at", "published_by", "updated_at"])
    # The milestone's own form stays the way to change or undo it afterwards.
    done_on = today or timezone.localdate()
    milestone = Milestone.objects.filter(
        investigation=fiche.investigation, kind=Milestone.Kind.PUBLIC_PAGE, done_on__isnull=True
    ).first()
    if milestone:
        Milestone.objects.filter(pk=milestone.pk).update(
            done_on=done_on, done_by=by, version=F("version") + 1
        )
        record(
            actor=by,
            action=Action.MILESTONE_MARKED,
            target=milestone,
            changes={"kind": milestone.kind, "done_on": done_on, "fields": ["done_on", "done_by"]},
        )
    return fiche


@transaction.atomic
def fiche_unpublish(*, fiche: Fiche, by) -> Fiche:
    """The public page answers 404 again; its address is kept for a later publication."""
    if not access.can_publish_fiche(by, fiche.investigation):
        raise TransitionError(_("Seuls le coach du programme et les administrateurs publient."))
    fiche.published_at = None
    fiche.published_by = None
    fiche.save(update_fields=["published_at", "published_by", "updated_at"])
    return fiche
