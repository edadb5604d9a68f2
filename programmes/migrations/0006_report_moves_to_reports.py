# The Report model moves to the reports app (issue 22) and keeps its table,
# programmes_report: the programmes app forgets it, the database does not change.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0005_programme_call_content'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='Report'),
            ],
            database_operations=[],
        ),
    ]
