from django.contrib import admin
from django.db import transaction

from incubateur.audit.services import (
    record_membership_removed,
    record_membership_saved,
    record_programme_team,
)
from programmes.models import (
    Collectivity,
    EmailDomain,
    Invitation,
    Membership,
    Programme,
    ProgrammeTransition,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    extra = 1


@admin.register(Collectivity)
class CollectivityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siren", "departement_code"]
    list_filter = ["kind", "departement_code"]
    search_fields = ["name", "siren", "insee_code", "email_domains__domain"]
    inlines = [EmailDomainInline, MembershipInline]

    def save_formset(self, request, form, formset, change):
        """Memberships added, re-roled or removed here go to the audit trail, in the
        admin's transaction."""
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        previous_roles = {}
        for membership_form in formset.initial_forms:
            previous_roles[membership_form.instance.pk] = membership_form.initial.get("role")
            if membership_form in formset.deleted_forms:
                record_membership_removed(by=request.user, membership=membership_form.instance)
        super().save_formset(request, form, formset, change)
        for membership in formset.new_objects:
            record_membership_saved(
                by=request.user, membership=membership, previous_role=None, created=True
            )
        for membership, _fields in formset.changed_objects:
            record_membership_saved(
                by=request.user,
                membership=membership,
                previous_role=previous_roles.get(membership.pk),
                created=False,
            )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "collectivity", "role", "created_at"]
    list_filter = ["role", "collectivity"]
    search_fields = ["user__email", "user__last_name", "collectivity__name"]
    autocomplete_fields = ["user", "collectivity"]
    readonly_fields = ["created_at"]
    list_select_related = ["user", "collectivity"]

    # Creations, role changes and removals go to the audit trail, in the admin's
    # transaction.

    def save_model(self, request, obj, form, change):
        previous_role = form.initial.get("role") if change else None
        super().save_model(request, obj, form, change)
        record_membership_saved(
            by=request.user, membership=obj, previous_role=previous_role, created=not change
        )

    def delete_model(self, request, obj):
        record_membership_removed(by=request.user, membership=obj)
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("collectivity"):
            record_membership_removed(by=request.user, membership=membership)
        super().delete_queryset(request, queryset)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "collectivity", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role", "collectivity"]
    search_fields = ["email", "collectivity__name"]
    readonly_fields = ["token", "invited_by", "created_at", "accepted_at"]
    list_select_related = ["collectivity", "invited_by"]


class ProgrammeTransitionInline(admin.TabularInline):
    model = ProgrammeTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "by", "at"]

    def has_add_permission(self, request, obj=None):
        # Transitions are recorded by the application's actions, never by hand.
        return False


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "call_opens_on", "investigation_starts_on", "coach"]
    list_filter = ["status", "weekday"]
    search_fields = ["name", "slug", "collectivities__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["coach", "designer"]
    filter_horizontal = ["collectivities"]
    # The status moves only through the application's guarded actions.
    readonly_fields = ["status", "created_at", "updated_at"]
    list_select_related = ["coach"]
    inlines = [ProgrammeTransitionInline]

    def save_model(self, request, obj, form, change):
        # A new coach or designer goes to the audit trail.
        previous = {f"{role}_id": form.initial.get(role) for role in ("coach", "designer")}
        super().save_model(request, obj, form, change)
        record_programme_team(by=request.user, programme=obj, previous=previous)
