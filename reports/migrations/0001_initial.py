# The Report model, moved from the programmes app (issue 22): its table stays
# programmes_report, so the model enters the reports app's state only. Its content type
# is relabelled, so that permissions, audit events and notifications that point to
# reports keep pointing to them.

import django.db.models.deletion
import reports.models
from django.conf import settings
from django.db import migrations, models


def relabel(apps, schema_editor, old, new):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    # A content type already created under the new label (by post_migrate) wins.
    if not content_types.filter(app_label=new, model='report').exists():
        content_types.filter(app_label=old, model='report').update(app_label=new)


def to_reports(apps, schema_editor):
    relabel(apps, schema_editor, 'programmes', 'reports')


def to_programmes(apps, schema_editor):
    relabel(apps, schema_editor, 'reports', 'programmes')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('investigations', '0011_bounded_people_met_names'),
        ('programmes', '0006_report_moves_to_reports'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Report',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('programme', 'Rapport de fin de programme'), ('sheet', 'Fiche d’investigation')], max_length=20, verbose_name='type')),
                        ('status', models.CharField(choices=[('pending', 'En attente'), ('running', 'En cours'), ('ready', 'Prêt'), ('failed', 'En échec')], default='pending', max_length=10, verbose_name='statut')),
                        ('file', models.FileField(blank=True, upload_to=reports.models.report_path, verbose_name='fichier')),
                        ('pages', models.PositiveIntegerField(blank=True, null=True, verbose_name='pages')),
                        ('error', models.TextField(blank=True, verbose_name='erreur')),
                        ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='demandé le')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='commencé le')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='terminé le')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='publié le')),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='dernier signe de vie')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='tentatives')),
                        ('investigation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='investigations.investigation', verbose_name='investigation')),
                        ('programme', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='programmes.programme')),
                        ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='demandé par')),
                    ],
                    options={
                        'verbose_name': 'rapport',
                        'verbose_name_plural': 'rapports',
                        'db_table': 'programmes_report',
                        'ordering': ['-requested_at', '-pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind', 'programme'), ('investigation__isnull', True)), models.Q(('kind', 'sheet'), ('investigation__isnull', False)), _connector='OR'), name='report_sheet_has_its_investigation')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_reports, to_programmes),
    ]
