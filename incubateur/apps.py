from django.apps import AppConfig, apps
from django.db.models.signals import post_delete


class IncubateurConfig(AppConfig):
    name = "incubateur"
    verbose_name = "Incubateur des territoires"

    def ready(self):
        from incubateur import i18n
        from incubateur.storage import delete_file_on_commit

        i18n.install()
        self._watch_writes()

        # Models whose rows own a stored file (on disk or in the bucket).
        for label in (
            "reports.Report",
            "investigations.LogAttachment",
            "intrapreneurs.SubmissionAttachment",
        ):
            post_delete.connect(
                delete_file_on_commit, sender=apps.get_model(label), dispatch_uid=label
            )

    @staticmethod
    def _watch_writes():
        """What each write of the groundwork's models makes out of date in the cached
        parts of pages (incubateur.fragments): people's names are shown everywhere;
        signing in (last_login) changes nothing shown."""
        from incubateur import fragments

        fragments.watch_everything(apps.get_model("accounts", "User"), skip_fields=["last_login"])
        fragments.ignore(
            *(
                apps.get_model(label)
                for label in (
                    "audit.AuditEvent",
                    "calendars.CalendarFeed",
                    "formtokens.UsedFormToken",
                    "notifications.EmailPreference",
                    "notifications.Notification",
                )
            )
        )
