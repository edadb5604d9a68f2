from django.contrib import admin

from programmes.models import Collectivity, Membership, Programme


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(Collectivity)
class CollectivityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siren", "departement_code"]
    list_filter = ["kind", "departement_code"]
    search_fields = ["name", "siren", "insee_code"]
    inlines = [MembershipInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "status", "call_opens_on", "investigation_starts_on", "coach"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "collectivities__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["coach", "designer"]
    filter_horizontal = ["collectivities"]
    readonly_fields = ["created_at", "updated_at"]
    list_select_related = ["coach"]
