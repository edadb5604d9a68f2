from django.contrib import admin

from investigations.models import Investigation, TeamMembership, WeeklySession


class TeamMembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    autocomplete_fields = ["user"]
    raw_id_fields = ["candidacy"]


class WeeklySessionInline(admin.TabularInline):
    model = WeeklySession
    extra = 0


@admin.register(Investigation)
class InvestigationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "programme", "created_at"]
    list_filter = ["programme"]
    search_fields = ["submission__title", "team__email"]
    readonly_fields = ["created_at"]
    raw_id_fields = ["submission"]
    list_select_related = ["programme", "submission"]
    inlines = [TeamMembershipInline, WeeklySessionInline]
