class ReadOnlyAdminMixin:
    """For a ModelAdmin of a log the application alone writes (audit trail, emails):
    its rows are shown, never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
