import django.db.models.deletion
from django.db import migrations, models


def keep_one_team_per_candidacy(apps, schema_editor):
    """A volunteer put on two teams by a race stays on the first one assigned (the
    lowest id); the other rows go, so that the constraint can be added."""
    TeamAssignment = apps.get_model("intrapreneurs", "TeamAssignment")
    seen = set()
    extra = []
    for pk, candidacy_id in TeamAssignment.objects.order_by("pk").values_list(
        "pk", "candidacy_id"
    ):
        if candidacy_id in seen:
            extra.append(pk)
        seen.add(candidacy_id)
    TeamAssignment.objects.filter(pk__in=extra).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("intrapreneurs", "0003_seed_themes"),
    ]

    operations = [
        # The many-to-many table already exists: it only gets a model, in Django's state.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="TeamAssignment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "candidacy",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="intrapreneurs.candidacy",
                            ),
                        ),
                        (
                            "problemsubmission",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="intrapreneurs.problemsubmission",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "intrapreneur affecté",
                        "verbose_name_plural": "intrapreneurs affectés",
                        "db_table": "intrapreneurs_problemsubmission_intrapreneurs",
                        "unique_together": {("problemsubmission", "candidacy")},
                    },
                ),
                migrations.AlterField(
                    model_name="problemsubmission",
                    name="intrapreneurs",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="assigned_problems",
                        through="intrapreneurs.TeamAssignment",
                        to="intrapreneurs.candidacy",
                        verbose_name="intrapreneurs",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(keep_one_team_per_candidacy, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="teamassignment",
            constraint=models.UniqueConstraint(
                fields=("candidacy",), name="one_team_per_candidacy"
            ),
        ),
    ]
