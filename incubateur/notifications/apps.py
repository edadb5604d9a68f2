from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "incubateur.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        # The digest is the machinery's own kind; every app's `notifications` module
        # registers the others (incubateur.notifications.registry).
        from incubateur.notifications import digest  # noqa: F401

        autodiscover_modules("notifications")
