"""« Déjà investigué ailleurs »: the published problems of other collectivités closest
to a problem being written or investigated."""

from incubateur import fragments
from knowledge import search
from knowledge.models import SearchDocument
from programmes.models import Membership

PANEL_SIZE = 5
# The cache scope of the search documents (incubateur.fragments).
KNOWLEDGE = "knowledge"


def _published_elsewhere(exclude_collectivities):
    return (
        SearchDocument.objects.published()
        .exclude(collectivity__in=exclude_collectivities)
        .select_related("collectivity", "fiche")
    )


def similar_to_text(text: str, *, exclude_collectivities, theme_ids=()) -> list:
    return search.similar(
        _published_elsewhere(exclude_collectivities),
        text=text,
        theme_ids=list(theme_ids),
        limit=PANEL_SIZE,
    )


def similar_for_author(user, *, title: str, problem: str, theme_ids=()) -> list:
    """While an agent writes a problem: never their own collectivités' problems."""
    text = " ".join(filter(None, [title, problem]))
    if not text.strip():
        return []
    return similar_to_text(
        text,
        exclude_collectivities=Membership.objects.filter(user=user).values("collectivity"),
        theme_ids=theme_ids,
    )


def similar_to_investigation(investigation) -> list:
    """From its fiche's text when there is one, else its submission's; never its own
    collectivités' problems (they are at home, not elsewhere). Ranking every document
    that shares a word is most of the investigation page's time at national scale: the
    panel is kept in the cache until a document or the investigation's programme
    changes."""
    return fragments.cached(
        "similar_to_investigation",
        [KNOWLEDGE, fragments.programme_scope(investigation.programme_id)],
        lambda: (_similar_to_investigation(investigation), None),
        vary=(investigation.pk,),
    )


def _similar_to_investigation(investigation) -> list:
    submission = investigation.submission
    fiche = getattr(investigation, "fiche", None)
    if fiche is not None:
        text = " ".join([fiche.title, fiche.problem_statement])
    else:
        text = " ".join([submission.title, submission.problem])
    return similar_to_text(
        text,
        exclude_collectivities=investigation.programme.collectivities.values("pk"),
        theme_ids=[theme.pk for theme in submission.themes.all()],
    )
