"""Inbound e-mail in the admin: read-only metadata. The text and the raw file stay out: customer
mail that is on no ticket is not the operator's to read (the partner's page and API show it)."""

from django.contrib import admin

from core.admin import ReadOnlyAdminMixin
from mailgate.models import InboundEmail


@admin.register(InboundEmail)
class InboundEmailAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "received_at", "partner", "sender", "via", "status", "reason", "ticket"]
    list_filter = ["status", "reason", "via"]
    search_fields = ["message_id", "sender"]
    list_select_related = ["partner"]
    date_hierarchy = "received_at"
    exclude = ["body", "headers", "raw", "subject"]
    raw_id_fields = ["ticket", "ticket_message", "notification"]
