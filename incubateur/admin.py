from django.contrib import admin


class AttachmentInline(admin.TabularInline):
    """The attachments of a record (subclasses set `model`), read only: their files are
    downloaded through the app's own views, which check access."""

    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file", "extension"]
