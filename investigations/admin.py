from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from incubateur.admin import AttachmentInline
from incubateur.admin_readonly import ReadOnlyAdminMixin
from investigations.models import (
    Attendance,
    Comment,
    CommitteeReview,
    Conclusion,
    ConclusionFigure,
    Fiche,
    FicheRevision,
    Hypothesis,
    HypothesisChange,
    Investigation,
    LogAttachment,
    LogFigure,
    Milestone,
    Proposal,
    TeamMembership,
    WeeklyLog,
    WeeklySession,
)


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


class LogFigureInline(admin.TabularInline):
    model = LogFigure
    extra = 0


class LogAttachmentInline(AttachmentInline):
    model = LogAttachment


@admin.register(WeeklyLog)
class WeeklyLogAdmin(admin.ModelAdmin):
    list_display = ["investigation", "week", "status", "submitted_at", "reopened_until"]
    list_filter = ["status", "investigation__programme"]
    search_fields = ["investigation__submission__title", "key_learnings", "help_request"]
    raw_id_fields = ["investigation", "session", "help_handled_by"]
    autocomplete_fields = ["authors"]
    readonly_fields = ["version", "submitted_at", "created_at", "updated_at"]
    list_select_related = ["investigation__submission"]
    inlines = [LogFigureInline, LogAttachmentInline]


class HypothesisChangeInline(admin.TabularInline):
    model = HypothesisChange
    extra = 0
    can_delete = False
    readonly_fields = ["week", "from_status", "to_status", "evidence", "author", "at"]

    def has_add_permission(self, request, obj=None):
        # The history is written by the application, never by hand.
        return False


@admin.register(Hypothesis)
class HypothesisAdmin(admin.ModelAdmin):
    list_display = ["__str__", "investigation", "status", "created_at"]
    list_filter = ["status", "investigation__programme"]
    search_fields = ["statement", "evidence", "investigation__submission__title"]
    raw_id_fields = ["investigation", "created_by"]
    readonly_fields = ["version", "created_at"]
    list_select_related = ["investigation__submission"]
    inlines = [HypothesisChangeInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "investigation", "visibility", "created_at"]
    list_filter = ["visibility", "investigation__programme"]
    search_fields = ["body", "author__email", "investigation__submission__title"]
    raw_id_fields = ["investigation", "log", "author"]
    readonly_fields = ["created_at"]
    list_select_related = ["author", "investigation__submission"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["user", "session", "status", "recorded_by", "recorded_at"]
    list_filter = ["status", "session__investigation__programme"]
    search_fields = ["user__email", "session__investigation__submission__title"]
    raw_id_fields = ["session", "user", "recorded_by"]
    readonly_fields = ["recorded_at"]
    list_select_related = ["user", "session__investigation__submission"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["kind", "investigation", "due_week", "done_on"]
    list_filter = ["kind", "investigation__programme"]
    search_fields = ["note", "investigation__submission__title"]
    raw_id_fields = ["investigation", "done_by"]
    list_select_related = ["investigation__submission"]


@admin.register(CommitteeReview)
class CommitteeReviewAdmin(admin.ModelAdmin):
    list_display = ["investigation", "decision", "decided_on", "updated_at"]
    list_filter = ["decision", "investigation__programme"]
    search_fields = ["investigation__submission__title", "decision_notes"]
    raw_id_fields = ["investigation", "updated_by"]
    readonly_fields = ["version", "updated_at"]
    list_select_related = ["investigation__submission"]


class ConclusionFigureInline(admin.TabularInline):
    model = ConclusionFigure
    extra = 0


class ProposalInline(admin.TabularInline):
    model = Proposal
    extra = 0


@admin.register(Conclusion)
class ConclusionAdmin(admin.ModelAdmin):
    list_display = ["investigation", "problem_confirmed", "recommendation", "updated_at"]
    list_filter = ["problem_confirmed", "recommendation", "investigation__programme"]
    search_fields = ["investigation__submission__title", "summary"]
    raw_id_fields = ["investigation"]
    autocomplete_fields = ["authors"]
    readonly_fields = ["version", "updated_at"]
    list_select_related = ["investigation__submission"]
    inlines = [ConclusionFigureInline, ProposalInline]


class FicheRevisionInline(admin.TabularInline):
    model = FicheRevision
    extra = 0
    fields = ["at", "author", "changed"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Fiche)
class FicheAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only: the team writes the fiche and the coach publishes it through the site,
    where the checks for names, emails and phone numbers apply."""

    list_display = ["title", "sponsor", "published_at", "betagouv_download"]
    list_filter = [("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "slug"]
    list_select_related = ["sponsor"]
    inlines = [FicheRevisionInline]

    @admin.display(description=_("fiche beta.gouv.fr"))
    def betagouv_download(self, fiche):
        url = reverse("investigations:fiche_betagouv", args=[fiche.investigation_id])
        return format_html('<a href="{}">{}</a>', url, _("Télécharger"))
