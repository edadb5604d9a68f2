"""A published fiche problème in the shape of the beta.gouv.fr startups (their API's
`attributes`, and their fiches: YAML front matter plus Markdown). Phases: the
investigation, then what the investment committee decided; consumers must tolerate
phases they do not know (see the open data documentation)."""

import datetime

import yaml
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from investigations.models import CommitteeReview, Fiche, NextStep

INCUBATOR = "anct"
Decision = CommitteeReview.Decision
# The beta.gouv.fr phase each committee decision opens; a pivot starts a new investigation.
DECISION_PHASES = {
    Decision.BUILD: "construction",
    Decision.CONTINUE_OUTSIDE: "transfer",
    Decision.ABANDON: "alumni",
    Decision.PIVOT: "investigation",
}


def _committee(fiche: Fiche) -> CommitteeReview | None:
    review = getattr(fiche.investigation, "committee_review", None)
    return review if review and review.decision and review.decided_on else None


def _investigation_end(fiche: Fiche) -> datetime.date:
    programme = fiche.investigation.programme
    return programme.investigation_starts_on + datetime.timedelta(weeks=programme.weeks, days=-1)


def phases(fiche: Fiche) -> list[dict]:
    programme = fiche.investigation.programme
    review = _committee(fiche)
    start = programme.investigation_starts_on
    if review:
        return [
            {"name": "investigation", "start": start, "end": review.decided_on},
            {"name": DECISION_PHASES[review.decision], "start": review.decided_on, "end": None},
        ]
    end = _investigation_end(fiche) if programme.status == programme.Status.CLOSED else None
    return [{"name": "investigation", "start": start, "end": end}]


def next_step(fiche: Fiche) -> dict | None:
    """What followed the committee, as the public may read it once the team wrote it:
    `summary` (one sentence), `url` (where it continues), `sections` (the abandon's
    post-mortem, as (label, text)) and `date`. Never a person's name: the pivot's draft
    and the fiche produit stay inside, and the texts shown pass the fiche's publication
    checks (investigations.fiche_checks)."""
    review = _committee(fiche)
    try:
        step = fiche.investigation.next_step
    except NextStep.DoesNotExist:
        return None
    if not review or not step.is_complete_for(review.decision):
        return None
    found = {"summary": "", "url": "", "sections": [], "date": timezone.localdate(step.updated_at)}
    if review.decision == Decision.ABANDON:
        found["summary"] = _("L’investigation s’est arrêtée ; l’équipe en a tiré ce bilan.")
        found["sections"] = [
            (step._meta.get_field(name).verbose_name, getattr(step, name).strip())
            for name in NextStep.REQUIRED["abandon"]
        ]
    elif review.decision == Decision.CONTINUE_OUTSIDE:
        found["summary"] = _("Poursuivi hors de l’Incubateur : %(name)s (%(kind)s).") % {
            "name": step.elsewhere_name,
            "kind": step.get_elsewhere_kind_display().lower(),
        }
        found["url"] = step.elsewhere_url
    elif review.decision == Decision.BUILD:
        if not step.in_construction:
            return None
        found["summary"] = _("En construction depuis le %(date)s.") % {
            "date": date_format(step.construction_started_on, "j F Y")
        }
        found["date"] = step.construction_started_on
    else:
        found["summary"] = _("L’équipe poursuit avec un nouveau problème, reformulé.")
    return found


def events(fiche: Fiche) -> list[dict]:
    """The committee's decision, never its notes: they may name people; then its next
    step's summary (the post-mortem is in the content)."""
    review = _committee(fiche)
    if not review:
        return []
    comment = _("Décision du comité d’investissement : %(decision)s.") % {
        "decision": review.get_decision_display()
    }
    found = [{"name": "committee", "date": review.decided_on, "comment": comment}]
    step = next_step(fiche)
    if step:
        comment = f"{step['summary']} {step['url']}".strip()
        found.append({"name": "next_step", "date": step["date"], "comment": comment})
    return found


def public_url(fiche: Fiche) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "investigations:public_problem", args=[fiche.slug]
    )


def sponsor_label(fiche: Fiche) -> str:
    if fiche.sponsor_service:
        return f"{fiche.sponsor.name} — {fiche.sponsor_service}"
    return fiche.sponsor.name


def markdown_content(fiche: Fiche) -> str:
    """The sections as Markdown, in the Incubateur's order."""
    labels = fiche.section_labels()
    parts = []
    for name in ["problem_statement", "causes", "actionable_problem", "hypotheses"]:
        text = getattr(fiche, name).strip()
        if text:
            parts.append(f"## {labels[name][:1].upper()}{labels[name][1:]}\n\n{text}")
    figures = list(fiche.figures.all())
    if figures:
        lines = "\n".join(f"- {figure.figure} (source : {figure.source})" for figure in figures)
        parts.append(f"## {_('Le problème en chiffres')}\n\n{lines}")
    if fiche.expected_impact.strip():
        label = labels["expected_impact"]
        parts.append(f"## {label[:1].upper()}{label[1:]}\n\n{fiche.expected_impact.strip()}")
    parts.append(f"## {_('Collectivité sponsor')}\n\n{sponsor_label(fiche)}")
    step = next_step(fiche)
    if step:
        lines = [step["summary"] + (f" <{step['url']}>" if step["url"] else "")]
        lines += [
            f"### {label[:1].upper()}{label[1:]}\n\n{text}" for label, text in step["sections"]
        ]
        parts.append(f"## {_('Après le comité d’investissement')}\n\n" + "\n\n".join(lines))
    return "\n\n".join(parts) + "\n"


def themes(fiche: Fiche) -> list[str]:
    return [theme.name for theme in fiche.investigation.submission.themes.all()]


def attributes(fiche: Fiche) -> dict:
    return {
        "name": fiche.title,
        "pitch": fiche.problem_statement.strip().splitlines()[0]
        if fiche.problem_statement.strip()
        else "",
        "link": public_url(fiche),
        "incubator": INCUBATOR,
        "phases": phases(fiche),
        "events": events(fiche),
        "thematiques": themes(fiche),
        "sponsors": [fiche.sponsor.name],
        "collectivity_kind": fiche.sponsor.kind,
        "departement": fiche.sponsor.departement_code,
        "published_at": fiche.published_at,
        "content_markdown": markdown_content(fiche),
    }


def fiche_as_markdown(fiche: Fiche) -> str:
    """A beta.gouv.fr startup fiche: YAML front matter, then the Markdown content."""
    front = {
        "title": fiche.title,
        "mission": attributes(fiche)["pitch"],
        "incubator": INCUBATOR,
        "sponsors": [fiche.sponsor.name],
        "thematiques": themes(fiche),
        "phases": [
            {key: value for key, value in phase.items() if value is not None}
            for phase in phases(fiche)
        ],
        "events": events(fiche),
        "link": public_url(fiche) if fiche.slug else None,
    }
    front = {key: value for key, value in front.items() if value not in (None, [])}
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n\n{markdown_content(fiche)}"
