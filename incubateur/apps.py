from django.apps import AppConfig, apps
from django.db.models.signals import post_delete


class IncubateurConfig(AppConfig):
    name = "incubateur"
    verbose_name = "Incubateur des territoires"

    def ready(self):
        from incubateur import i18n
        from incubateur.storage import delete_file_on_commit

        i18n.install()

        # Models whose rows own a stored file (on disk or in the bucket).
        for label in (
            "reports.Report",
            "investigations.LogAttachment",
            "intrapreneurs.SubmissionAttachment",
        ):
            post_delete.connect(
                delete_file_on_commit, sender=apps.get_model(label), dispatch_uid=label
            )
