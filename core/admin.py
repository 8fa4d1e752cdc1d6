"""Admin building blocks shared by every app."""


class ReadOnlyAdminMixin:
    """For records that only services write (audit rows, state-machine objects): view, never
    edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
