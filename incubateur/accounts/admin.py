from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from incubateur.accounts.models import User
from incubateur.audit.services import record_admin_rights
from incubateur.privacy.services import AnonymisationRefused, user_anonymise


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined", "inactivity_warned_at", "anonymised_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name", "job_title", "phone"]}),
        (
            _("Droits"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (
            _("Dates"),
            {"fields": ["last_login", "date_joined", "inactivity_warned_at", "anonymised_at"]},
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]
    actions = ["anonymise"]

    # For RGPD requests received by mail: users delete their own account at /mes-donnees/.
    @admin.action(description=_("Anonymiser les comptes sélectionnés (définitif)"))
    def anonymise(self, request, queryset):
        done = 0
        for user in queryset.filter(anonymised_at__isnull=True).order_by("pk"):
            try:
                user_anonymise(user, reason="admin", by=request.user)
            except AnonymisationRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                done += 1
        self.message_user(request, _("Comptes anonymisés : %(count)d.") % {"count": done})

    def save_model(self, request, obj, form, change):
        # Granting or withdrawing the ANCT admin rights goes to the audit trail.
        was_admin = bool(form.initial.get("is_staff")) if change else False
        super().save_model(request, obj, form, change)
        record_admin_rights(by=request.user, user=obj, was_admin=was_admin)
