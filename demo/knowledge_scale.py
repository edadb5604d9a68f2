"""Scale data of the knowledge base, for `seed_demo --scale N` and `make bench`: a fiche
problème for every investigation of the scale programmes (published for most of those
under investigation or closed), then their search documents in bulk, since the bulk
inserts of demo.scale send no signal."""

import random

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from intrapreneurs.models import ProblemSubmission
from investigations.models import CommitteeReview, Conclusion, Fiche, Investigation, WeeklyLog
from knowledge.indexing import join_text, year_of
from knowledge.models import SearchDocument
from knowledge.text import fold
from programmes.models import Programme

BATCH = 1000
PUBLISHED_SHARE = 0.7
CAUSES = [
    "Les convocations arrivent trop tard, par courrier.",
    "Les horaires d’ouverture ne conviennent pas aux usagers qui travaillent.",
    "Les informations sont dispersées entre plusieurs services.",
    "Le logiciel métier ne permet pas de relancer automatiquement.",
    "Les agents ne sont pas formés à l’outil de prise de rendez-vous.",
    "Les usagers ne savent pas à quel guichet s’adresser.",
    "Les partenaires ne partagent pas leurs données.",
    "Les démarches en ligne sont mal adaptées aux téléphones.",
]
FINDINGS = [
    "Un tiers des usagers rencontrés ignoraient la démarche.",
    "Les relances par SMS réduisent nettement les absences.",
    "Le problème touche surtout les familles monoparentales.",
    "Les agents passent une demi-journée par semaine à ressaisir des données.",
    "Les écoles signalent les mêmes difficultés depuis trois ans.",
    "L’évaluation des aides n’a jamais été faite.",
]


def _fiche_text(submission, rng) -> dict:
    causes = rng.sample(CAUSES, 2)
    return {
        "title": submission.title,
        "problem_statement": join_text(submission.problem, rng.choice(FINDINGS)),
        "causes": "\n".join(f"- {cause}" for cause in causes),
        "actionable_problem": (
            "Réel : constaté par le service chaque semaine. Majeur : il touche des centaines "
            "d’usagers. Actionnable : l’équipe peut tester une solution en douze semaines."
        ),
        "hypotheses": f"- {rng.choice(FINDINGS)}",
        "expected_impact": "Moitié moins de démarches abandonnées en six mois.",
        "sponsor_service": submission.service,
    }


def _seed_fiches(investigations, rng) -> None:
    now = timezone.now()
    fiches = []
    for investigation in investigations:
        submission = investigation.submission
        status = investigation.programme.status
        public = status in (Programme.Status.INVESTIGATION, Programme.Status.CLOSED) and (
            rng.random() < PUBLISHED_SHARE
        )
        text = _fiche_text(submission, rng)
        fiches.append(
            Fiche(
                investigation=investigation,
                sponsor_id=submission.collectivity_id,
                slug=f"{slugify(text['title'])[:60]}-{investigation.pk}" if public else "",
                published_at=now if public else None,
                **text,
            )
        )
    Fiche.objects.bulk_create(fiches, batch_size=BATCH)


def _document(
    kind, source: dict, *, programme, collectivity_id, year, decision, title, body, details
) -> SearchDocument:
    title = title[:200]
    return SearchDocument(
        kind=kind,
        programme=programme,
        collectivity_id=collectivity_id,
        year=year,
        decision=decision,
        title=title,
        body=body,
        details=details,
        folded_title=fold(title),
        folded_text=fold(join_text(title, body, details)),
        **source,
    )


def _index(programmes) -> int:
    """The documents of these programmes' submissions and investigations, in bulk."""
    SearchDocument.objects.filter(programme__in=programmes).delete()
    documents, themes_of = [], []
    submissions = (
        ProblemSubmission.objects.filter(programme__in=programmes)
        .select_related("programme")
        .prefetch_related("themes")
    )
    for submission in submissions:
        documents.append(
            _document(
                SearchDocument.Kind.SUBMISSION,
                {"submission": submission},
                programme=submission.programme,
                collectivity_id=submission.collectivity_id,
                year=year_of(submission.programme),
                decision="",
                title=submission.title,
                body=join_text(submission.problem, submission.affected_users),
                details=join_text(
                    submission.current_cost, submission.evidence, submission.current_handling
                ),
            )
        )
        themes_of.append(list(submission.themes.all()))
    decisions = dict(
        CommitteeReview.objects.filter(investigation__programme__in=programmes).values_list(
            "investigation_id", "decision"
        )
    )
    conclusions = {
        conclusion.investigation_id: conclusion
        for conclusion in Conclusion.objects.filter(investigation__programme__in=programmes)
    }
    learnings = {}
    for investigation_id, text in (
        WeeklyLog.objects.submitted()
        .filter(investigation__programme__in=programmes)
        .order_by("week")
        .values_list("investigation_id", "key_learnings")
    ):
        learnings.setdefault(investigation_id, []).append(text)
    fiches = (
        Fiche.objects.filter(investigation__programme__in=programmes)
        .select_related("investigation__programme", "investigation__submission")
        .prefetch_related("investigation__submission__themes")
    )
    for fiche in fiches:
        investigation = fiche.investigation
        conclusion = conclusions.get(investigation.pk)
        common = {
            "programme": investigation.programme,
            "year": year_of(investigation.programme),
            "decision": decisions.get(investigation.pk, ""),
        }
        themes = list(investigation.submission.themes.all())
        documents.append(
            _document(
                SearchDocument.Kind.INVESTIGATION,
                {"investigation": investigation},
                collectivity_id=investigation.submission.collectivity_id,
                title=fiche.title,
                body=join_text(fiche.problem_statement, fiche.actionable_problem),
                details=join_text(
                    conclusion.summary if conclusion else "",
                    conclusion.next_steps if conclusion else "",
                    *learnings.get(investigation.pk, []),
                ),
                **common,
            )
        )
        themes_of.append(themes)
        if fiche.is_published:
            documents.append(
                _document(
                    SearchDocument.Kind.PUBLISHED,
                    {"fiche": fiche},
                    collectivity_id=fiche.sponsor_id,
                    title=fiche.title,
                    body=join_text(fiche.problem_statement, fiche.actionable_problem),
                    details=join_text(fiche.causes, fiche.hypotheses, fiche.expected_impact),
                    **common,
                )
            )
            themes_of.append(themes)
    created = SearchDocument.objects.bulk_create(documents, batch_size=BATCH)
    through = SearchDocument.themes.through
    through.objects.bulk_create(
        [
            through(searchdocument_id=document.pk, theme_id=theme.pk)
            for document, themes in zip(created, themes_of, strict=True)
            for theme in themes
        ],
        batch_size=BATCH,
    )
    return len(created)


@transaction.atomic
def seed_knowledge(slug_prefix: str) -> int:
    """Fiches for the scale programmes' investigations that have none, then every search
    document of those programmes. Returns the number of documents."""
    programmes = Programme.objects.filter(slug__startswith=slug_prefix)
    investigations = (
        Investigation.objects.filter(programme__in=programmes, fiche__isnull=True)
        .select_related("programme", "submission")
        .order_by("pk")
    )
    _seed_fiches(investigations, random.Random(19))
    return _index(programmes)
