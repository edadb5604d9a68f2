from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from incubateur.admin_readonly import ReadOnlyAdminMixin
from incubateur.audit.models import AuditEvent
from programmes import access


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail, for ANCT admins (active staff, with or without Django
    permissions): read only, written by the application alone."""

    list_display = ["created_at", "action", "actor_email", "target_label", "programme"]
    list_filter = ["action", "programme", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor__email", "target_label"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "programme"]
    readonly_fields = [
        "created_at",
        "actor",
        "action",
        "content_type",
        "object_id",
        "target_label",
        "programme",
        "collectivity",
        "changes",
    ]
    fields = readonly_fields
    show_full_result_count = False

    @admin.display(description=_("auteur"), ordering="actor__email")
    def actor_email(self, event):
        return event.actor.email if event.actor else "—"

    def has_module_permission(self, request):
        return access.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return access.is_admin(request.user)
