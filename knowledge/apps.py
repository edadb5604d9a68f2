from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "knowledge"
    verbose_name = "Base de connaissances"

    def ready(self):
        # The search documents follow the rows they are built from, in the same transaction.
        from incubateur import fragments
        from knowledge import signals  # noqa: F401
        from knowledge.models import SearchDocument
        from knowledge.similar import KNOWLEDGE

        # What each write makes out of date in the cached parts of pages.
        fragments.watch_scope(SearchDocument, KNOWLEDGE)
