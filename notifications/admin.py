"""The outbox in the admin: read-only, with a retry that goes through the service."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.actors import actor_for
from core.admin import ReadOnlyAdminMixin
from core.errors import REFUSALS, refusal_of
from notifications.models import Notification
from notifications.services import notification_retry


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "created_at",
        "partner",
        "kind",
        "recipient",
        "language",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "kind", "language"]
    search_fields = ["recipient", "subject", "idempotency_key", "message_id"]
    list_select_related = ["partner"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body_text", "body_html")

    def has_retry_permission(self, request):
        return actor_for(request.user).is_operator

    @admin.action(description=_("Retry the selected failed e-mails"), permissions=["retry"])
    def retry(self, request, queryset):
        actor, done = actor_for(request.user), 0
        for notification in queryset:
            try:
                notification_retry(actor=actor, notification=notification)
                done += 1
            except REFUSALS as exc:
                self.message_user(
                    request, f"#{notification.pk}: {refusal_of(exc).detail}", messages.WARNING
                )
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", done)
            % {"count": done},
            messages.SUCCESS,
        )
