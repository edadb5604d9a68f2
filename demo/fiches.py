"""Demo data of themes and fiches problème: every problem of the call gets its themes,
every team has written its fiche, and three of the six Le Havre problems are published
(the other three wait for the coach, whose public-page milestone is still to do)."""

from django.utils.text import slugify

from intrapreneurs.models import Theme
from investigations.models import FicheFigure, Milestone, WeeklyLog
from investigations.publication import fiche_for, fiche_publish, fiche_save

# The themes of each service of the demo call (intrapreneurs' demo_call.PROBLEMS).
SERVICE_THEMES = {
    "Centre communal d’action sociale": ["Social et solidarités", "Accès aux droits"],
    "Direction de l’habitat": ["Habitat et logement", "Accès aux droits"],
    "Direction de l’éducation": ["Petite enfance et scolaire"],
    "Direction de la voirie": ["Voirie et propreté"],
    "Restauration scolaire": ["Petite enfance et scolaire", "Accès aux droits"],
    "État civil": ["Accueil et relation usagers"],
    "Petite enfance": ["Petite enfance et scolaire"],
    "Collecte et traitement des déchets": ["Environnement", "Voirie et propreté"],
    "Eau et assainissement": ["Environnement", "Accueil et relation usagers"],
    "Vie associative": ["Culture et sport"],
    "Mobilités": ["Mobilité", "Petite enfance et scolaire"],
    "Gestion des équipements": ["Ressources internes"],
    "Propreté urbaine": ["Voirie et propreté"],
    "Urbanisme": ["Habitat et logement"],
    "Sports": ["Culture et sport"],
    "Ressources humaines": ["Ressources internes"],
    "Lecture publique": ["Culture et sport", "Accueil et relation usagers"],
    "Stationnement": ["Mobilité"],
    "Relations aux usagers": ["Accueil et relation usagers"],
}

PUBLISHED_TITLES = [
    "Rendez-vous non honorés dans les services sociaux",
    "Dossiers d’aide au logement incomplets à l’arrivée",
    "Non-recours aux tarifs sociaux de la cantine",
]
# People met, named in one log of each team: the fiche is checked against them.
PEOPLE_MET = "Mme Sylvie Garnier (accueil)\nM. Olivier Lambert (chef de service)"


def set_themes(programme) -> None:
    """The vocabulary comes from a migration; an admin may have reworded or removed a
    theme since: the demo finds its themes by slug and puts back those missing."""
    themes = {}
    for name in {name for names in SERVICE_THEMES.values() for name in names}:
        themes[name] = Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
    for submission in programme.submissions.all():
        names = SERVICE_THEMES.get(submission.service, [])
        submission.themes.set([themes[name] for name in names])


def _fiche_text(title: str, service: str) -> dict:
    return {
        "problem_statement": (
            f"{title}. Le service « {service} » constate ce problème chaque semaine ; "
            "les usagers en subissent les conséquences et personne n’en mesurait l’ampleur."
        ),
        "causes": (
            "Une information qui arrive trop tard ou sous une forme mal comprise.\n"
            "Des outils qui ne se parlent pas entre services.\n"
            "Des contournements propres à chaque agent, jamais partagés."
        ),
        "actionable_problem": (
            "Réel : observé en entretien et dans les données du service.\n"
            "Majeur : plusieurs centaines d’usagers concernés chaque année.\n"
            "Actionnable : l’organisation peut changer sans attendre une réforme."
        ),
        "expected_impact": (
            "Moins d’usagers qui renoncent, du temps d’agent rendu à l’accompagnement."
        ),
    }


def write_fiches(programme) -> None:
    for investigation in programme.investigations.select_related("submission", "programme"):
        submission = investigation.submission
        author = investigation.team.order_by("pk").first()
        WeeklyLog.objects.filter(investigation=investigation, week=2).update(
            people_met_names=PEOPLE_MET
        )
        fiche = fiche_for(investigation)
        for name, value in _fiche_text(submission.title, submission.service).items():
            setattr(fiche, name, value)
        fiche_save(fiche=fiche, by=author)
        FicheFigure.objects.create(
            fiche=fiche,
            figure="Un dossier sur quatre concerné en 2026",
            source=f"Relevés du service « {submission.service} », trois derniers mois",
        )
        if submission.title in PUBLISHED_TITLES:
            fiche_publish(fiche=fiche, by=programme.coach)
        else:
            Milestone.objects.filter(
                investigation=investigation, kind=Milestone.Kind.PUBLIC_PAGE
            ).update(done_on=None, done_by=None, note="")
