"""The first vocabulary of themes; admins edit it afterwards."""

from django.db import migrations
from django.utils.text import slugify

THEMES = [
    "Accès aux droits",
    "Accueil et relation usagers",
    "Petite enfance et scolaire",
    "Social et solidarités",
    "Habitat et logement",
    "Mobilité",
    "Voirie et propreté",
    "Environnement",
    "Culture et sport",
    "Santé",
    "Emploi et insertion",
    "Ressources internes",
]


def seed(apps, schema_editor):
    Theme = apps.get_model("intrapreneurs", "Theme")
    for name in THEMES:
        Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("intrapreneurs", "0002_submission_themes")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
