from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from incubateur.admin_readonly import ReadOnlyAdminMixin
from incubateur.notifications.models import EmailPreference, Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The log of every email: read-only, written by the application alone."""

    list_display = [
        "created_at",
        "kind",
        "addressee",
        "about",
        "period",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["kind", "status", ("created_at", admin.DateFieldListFilter), "sent_at"]
    search_fields = ["recipient__email", "recipient__last_name", "email", "period", "error"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient", "content_type"]
    readonly_fields = [field.name for field in Notification._meta.fields] + ["about"]
    exclude = ["content_type", "object_id"]
    actions = ["requeue"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("obj")

    @admin.display(description=_("destinataire"), ordering="recipient__email")
    def addressee(self, notification):
        return notification.recipient or notification.email

    @admin.display(description=_("objet"))
    def about(self, notification):
        return notification.obj if notification.obj is not None else "—"

    @admin.action(description=_("Renvoyer les notifications en échec"))
    def requeue(self, request, queryset):
        count = queryset.filter(status=Notification.Status.FAILED).update(
            status=Notification.Status.PENDING,
            attempts=0,
            queued_at=None,
            claimed_at=None,
            error="",
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s notification remise en attente : elle partira au prochain passage.",
                "%(count)s notifications remises en attente : elles partiront au prochain passage.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(EmailPreference)
class EmailPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digest", "updated_at"]
    list_filter = ["digest"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]
