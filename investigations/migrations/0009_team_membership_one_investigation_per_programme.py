import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_programme_and_keep_one_team(apps, schema_editor):
    """Copy each membership's programme from its investigation. An intrapreneur put on
    two teams of one programme by a race keeps the first (the lowest id): the others go,
    so that the constraint can be added."""
    TeamMembership = apps.get_model("investigations", "TeamMembership")
    seen = set()
    extra = []
    rows = TeamMembership.objects.order_by("pk").values_list(
        "pk", "user_id", "investigation__programme_id"
    )
    for pk, user_id, programme_id in rows:
        if (programme_id, user_id) in seen:
            extra.append(pk)
        seen.add((programme_id, user_id))
    TeamMembership.objects.filter(pk__in=extra).delete()
    Investigation = apps.get_model("investigations", "Investigation")
    TeamMembership.objects.update(
        programme_id=Subquery(
            Investigation.objects.filter(pk=OuterRef("investigation_id")).values("programme_id")
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("investigations", "0008_comment_reply_to"),
        ("programmes", "0003_collectivity_and_programme_version_ascii_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="teammembership",
            name="programme",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="programmes.programme",
            ),
        ),
        migrations.RunPython(copy_programme_and_keep_one_team, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="teammembership",
            name="programme",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="programmes.programme",
            ),
        ),
        migrations.AddConstraint(
            model_name="teammembership",
            constraint=models.UniqueConstraint(
                fields=("programme", "user"), name="one_investigation_per_programme"
            ),
        ),
    ]
