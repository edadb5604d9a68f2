from django.contrib import admin

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


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "collectivity", "role", "created_at"]
    list_filter = ["role", "collectivity"]
    search_fields = ["user__email", "user__last_name", "collectivity__name"]
    autocomplete_fields = ["user", "collectivity"]
    readonly_fields = ["created_at"]
    list_select_related = ["user", "collectivity"]


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
