"""Admin for partners and customers. Writes go through the same services as the API."""

from django.contrib import admin

from core.admin import ReadOnlyAdminMixin
from partners.models import Customer, Event, Membership, Partner, Profile


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "default_language", "support_email"]
    search_fields = ["name", "slug"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "partner", "role"]
    list_filter = ["role", "partner"]
    list_select_related = ["user", "partner"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "partner", "email", "language", "collections_exempt"]
    list_filter = ["partner", "language", "collections_exempt"]
    list_select_related = ["partner"]
    search_fields = ["name", "email"]


admin.site.register(Profile)


@admin.register(Event)
class EventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail is read-only, here as everywhere."""

    list_display = [
        "created_at",
        "object_type",
        "object_id",
        "action",
        "from_state",
        "to_state",
        "actor",
    ]
    list_filter = ["object_type", "action"]
    list_select_related = ["actor"]
