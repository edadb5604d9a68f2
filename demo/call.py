"""Demo data of the call and the selection: about twenty problems submitted by agents of
Le Havre, candidacies, the committee's reviews, and six problems selected with their teams.
"""

import random

from programmes.models import Collectivity, Membership

# (title, service, affected users, selected?)
PROBLEMS = [
    (
        "Rendez-vous non honorés dans les services sociaux",
        "Centre communal d’action sociale",
        "Les usagers des permanences sociales et les travailleurs sociaux",
        True,
    ),
    (
        "Dossiers d’aide au logement incomplets à l’arrivée",
        "Direction de l’habitat",
        "Les ménages qui demandent une aide au logement",
        True,
    ),
    (
        "Inscriptions périscolaires faites au dernier moment",
        "Direction de l’éducation",
        "Les familles et les animateurs périscolaires",
        True,
    ),
    (
        "Signalements de voirie traités plusieurs fois",
        "Direction de la voirie",
        "Les habitants qui signalent et les agents de voirie",
        True,
    ),
    (
        "Non-recours aux tarifs sociaux de la cantine",
        "Restauration scolaire",
        "Les familles aux revenus modestes",
        True,
    ),
    (
        "Attente au guichet de l’état civil",
        "État civil",
        "Les habitants qui demandent un acte ou un titre",
        True,
    ),
    (
        "Places de crèche attribuées puis refusées",
        "Petite enfance",
        "Les parents en attente d’une place",
        False,
    ),
    (
        "Badges d’accès aux déchèteries perdus",
        "Collecte et traitement des déchets",
        "Les habitants de la métropole",
        False,
    ),
    (
        "Relances de factures d’eau incomprises",
        "Eau et assainissement",
        "Les abonnés du service de l’eau",
        False,
    ),
    (
        "Associations perdues dans les demandes de subvention",
        "Vie associative",
        "Les bénévoles des associations",
        False,
    ),
    (
        "Transport scolaire des élèves en situation de handicap",
        "Mobilités",
        "Les élèves concernés et leurs familles",
        False,
    ),
    (
        "Réservations de salles municipales en double",
        "Gestion des équipements",
        "Les associations et les agents d’accueil",
        False,
    ),
    (
        "Encombrants déposés hors des jours de collecte",
        "Propreté urbaine",
        "Les riverains et les agents de propreté",
        False,
    ),
    (
        "Aînés isolés repérés trop tard",
        "Centre communal d’action sociale",
        "Les personnes âgées vivant seules",
        False,
    ),
    (
        "Demandes d’urbanisme déposées incomplètes",
        "Urbanisme",
        "Les particuliers qui font des travaux",
        False,
    ),
    ("Certificats médicaux des clubs sportifs", "Sports", "Les familles et les clubs", False),
    (
        "Prêt de matériel aux écoles mal suivi",
        "Direction de l’éducation",
        "Les enseignants et les agents techniques",
        False,
    ),
    (
        "Arrivée des nouveaux agents mal préparée",
        "Ressources humaines",
        "Les nouveaux agents et leurs équipes",
        False,
    ),
    (
        "Horaires des bibliothèques méconnus",
        "Lecture publique",
        "Les usagers des bibliothèques",
        False,
    ),
    (
        "Stationnement des artisans en centre-ville",
        "Stationnement",
        "Les artisans et les commerçants",
        False,
    ),
]

# Agents of the two collectivités; the first ones volunteer as intrapreneurs.
AGENTS = [
    ("intrapreneur@lehavre.fr", "Karim", "Haddad", True),
    ("nadia.perrin@lehavre.fr", "Nadia", "Perrin", True),
    ("thomas.lemaire@lehavre.fr", "Thomas", "Lemaire", True),
    ("ines.robert@lehavreseinemetropole.fr", "Inès", "Robert", True),
    ("lucas.fontaine@lehavre.fr", "Lucas", "Fontaine", True),
    ("claire.dumont@lehavreseinemetropole.fr", "Claire", "Dumont", True),
    ("yanis.mercier@lehavre.fr", "Yanis", "Mercier", True),
    ("emma.girard@lehavre.fr", "Emma", "Girard", True),
    ("hugo.bonnet@lehavreseinemetropole.fr", "Hugo", "Bonnet", True),
    ("lea.chevalier@lehavre.fr", "Léa", "Chevalier", True),
    ("samir.roux@lehavre.fr", "Samir", "Roux", True),
    ("manon.blanc@lehavreseinemetropole.fr", "Manon", "Blanc", True),
    ("agent@lehavre.fr", "Julie", "Moreau", False),
]

# Two intrapreneurs per selected problem, in the order of PROBLEMS.
TEAMS = [
    ["intrapreneur@lehavre.fr", "nadia.perrin@lehavre.fr"],
    ["thomas.lemaire@lehavre.fr", "ines.robert@lehavreseinemetropole.fr"],
    ["lucas.fontaine@lehavre.fr", "claire.dumont@lehavreseinemetropole.fr"],
    ["yanis.mercier@lehavre.fr", "emma.girard@lehavre.fr"],
    ["hugo.bonnet@lehavreseinemetropole.fr", "lea.chevalier@lehavre.fr"],
    ["samir.roux@lehavre.fr", "manon.blanc@lehavreseinemetropole.fr"],
]


def problem_text(title: str, service: str) -> dict:
    return {
        "problem": (
            f"Au quotidien, au sein du service « {service} », nous constatons ce problème : "
            f"{title.lower()}. Il revient chaque semaine et personne n’en connaît "
            "vraiment l’ampleur."
        ),
        "current_cost": "Du temps d’agent perdu chaque semaine et des usagers qui renoncent.",
        "evidence": "Des relevés du service sur les trois derniers mois et des témoignages.",
        "current_handling": "Chaque agent se débrouille avec des relances au cas par cas.",
    }


def scores_for(title: str, reviewer_email: str, selected: bool) -> dict:
    """Deterministic scores: the selected problems score higher."""
    rng = random.Random(f"{title}/{reviewer_email}")
    low, high = (3, 5) if selected else (1, 4)
    return {
        "impact_score": rng.randint(low, high),
        "scale_score": rng.randint(low, high),
        "feasibility_score": rng.randint(low, high),
    }


def collectivity_of(email: str) -> Collectivity:
    return Membership.objects.select_related("collectivity").get(user__email=email).collectivity
