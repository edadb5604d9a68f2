from django.contrib import admin

from incubateur.admin import AttachmentInline
from intrapreneurs.models import (
    Candidacy,
    ProblemSubmission,
    SelectionReview,
    SubmissionAttachment,
    Theme,
)


class SubmissionAttachmentInline(AttachmentInline):
    model = SubmissionAttachment


class ReviewInline(admin.TabularInline):
    model = SelectionReview
    extra = 0
    readonly_fields = ["average", "created_at", "updated_at"]
    autocomplete_fields = ["reviewer"]


@admin.register(ProblemSubmission)
class ProblemSubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "collectivity", "author", "status", "submitted_at"]
    list_filter = ["status", "programme", "collectivity"]
    search_fields = ["title", "problem", "service", "author__email"]
    autocomplete_fields = ["author", "intrapreneurs"]
    readonly_fields = ["version", "submitted_at", "created_at", "updated_at"]
    list_select_related = ["programme", "collectivity", "author"]
    inlines = [SubmissionAttachmentInline, ReviewInline]


@admin.register(Candidacy)
class CandidacyAdmin(admin.ModelAdmin):
    list_display = ["agent", "programme", "manager_name", "manager_agrees", "created_at"]
    list_filter = ["manager_agrees", "programme"]
    search_fields = ["agent__email", "agent__last_name", "manager_name", "manager_email"]
    autocomplete_fields = ["agent", "preferred_problems"]
    readonly_fields = ["version", "created_at", "updated_at"]
    list_select_related = ["agent", "programme"]


@admin.register(SelectionReview)
class SelectionReviewAdmin(admin.ModelAdmin):
    list_display = ["submission", "reviewer", "average", "updated_at"]
    list_filter = ["submission__programme"]
    search_fields = ["submission__title", "reviewer__email", "comment"]
    readonly_fields = ["average", "created_at", "updated_at"]
    list_select_related = ["submission", "reviewer"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
