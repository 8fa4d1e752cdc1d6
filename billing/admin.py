"""Admin for billing. State changes go through the same services as the API (with the same rules);
the admin never edits a status, a balance or a policy version by hand."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from billing import services
from billing.models import (
    ChargeLine,
    CollectionsPolicy,
    DunningAction,
    Invoice,
    Payment,
    Statement,
    Subscription,
    SuspensionRequest,
)
from core.actors import actor_for
from core.admin import ReadOnlyAdminMixin
from core.errors import REFUSALS, refusal_of


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


def _each(modeladmin, request, queryset, call, done: str):
    """Run a service per selected row; report refusals with their reason instead of failing."""
    actor, ok = actor_for(request.user), 0
    for obj in queryset:
        try:
            call(actor, obj)
            ok += 1
        except REFUSALS as exc:
            modeladmin.message_user(request, f"{obj}: {refusal_of(exc).detail}", messages.ERROR)
    if ok:
        modeladmin.message_user(
            request, _("%(done)s: %(count)d.") % {"done": done, "count": ok}, messages.SUCCESS
        )


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    list_display = [
        "id",
        "offer",
        "customer",
        "partner",
        "status",
        "suspension_reasons",
        "data_deletion_at",
    ]
    list_filter = ["status", "partner"]
    list_select_related = ["customer", "partner"]
    search_fields = ["offer", "customer__name"]
    actions = ["suspend_fraud", "suspend_misuse", "reactivate"]

    def has_change_permission(self, request, obj=None):
        return obj is None  # the list (with its actions) but no edit form

    @admin.action(description=gettext_lazy("Suspend for fraud (operator)"))
    def suspend_fraud(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda actor, sub: services.subscription_suspend(
                actor=actor, subscription=sub, reason="fraud", note=_("Suspended in the admin.")
            ),
            _("Suspended for fraud"),
        )

    @admin.action(description=gettext_lazy("Suspend for misuse (operator)"))
    def suspend_misuse(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda actor, sub: services.subscription_suspend(
                actor=actor, subscription=sub, reason="misuse", note=_("Suspended in the admin.")
            ),
            _("Suspended for misuse"),
        )

    @admin.action(description=gettext_lazy("Lift the operator's suspension reasons"))
    def reactivate(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda actor, sub: services.subscription_reactivate(
                actor=actor, subscription=sub, note=_("Lifted in the admin.")
            ),
            _("Reasons lifted"),
        )


class PaymentInline(admin.TabularInline):
    model = Payment
    fields = ["date", "amount", "reference", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "customer",
        "partner",
        "amount",
        "amount_paid",
        "currency",
        "due_date",
        "status",
        "freeze_count",
    ]
    list_filter = ["status", "partner", "currency"]
    list_select_related = ["customer", "partner"]
    search_fields = ["number", "customer__name"]
    inlines = [PaymentInline]


@admin.register(CollectionsPolicy)
class CollectionsPolicyAdmin(ReadOnlyAdmin, TranslationAdmin):
    """Versions are immutable; partners publish new ones through the portal or the API."""

    list_display = ["partner", "version", "auto_suspend", "created_at", "created_by"]
    list_filter = ["partner", "auto_suspend"]
    list_select_related = ["partner", "created_by"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DunningAction)
class DunningActionAdmin(ReadOnlyAdmin):
    list_display = [
        "invoice",
        "action",
        "after_days",
        "due_on",
        "performed_on",
        "impact_on",
        "partner",
    ]
    list_filter = ["action", "partner"]
    list_select_related = ["invoice", "partner"]


@admin.register(ChargeLine)
class ChargeLineAdmin(ReadOnlyAdmin):
    """What the operator billed, as its reconciliation file said (written only by the import)."""

    list_display = [
        "invoice_number",
        "customer",
        "charge_type",
        "description",
        "quantity",
        "total",
        "currency",
        "charge_start",
        "charge_end",
        "partner",
    ]
    list_filter = ["partner", "currency", "charge_type"]
    search_fields = ["invoice_number", "customer__name", "customer__external_id"]
    list_select_related = ["customer", "partner"]


@admin.register(SuspensionRequest)
class SuspensionRequestAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "customer", "partner", "created_at", "resolved_at", "resolution"]
    list_filter = ["resolution", "partner"]
    list_select_related = ["invoice", "customer", "partner"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "partner",
        "amount",
        "currency",
        "due_date",
        "status",
        "payment_reference",
        "paid_at",
    ]
    list_filter = ["status", "partner"]
    list_select_related = ["partner"]
    fields = ["partner", "number", "amount", "currency", "due_date"]
    actions = ["confirm"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        created = services.statement_create(
            actor=actor_for(request.user),
            partner=obj.partner,
            number=obj.number,
            amount=obj.amount,
            currency=obj.currency,
            due_date=obj.due_date,
        )
        obj.pk = created.pk

    @admin.action(description=gettext_lazy("Confirm payment received (paid)"))
    def confirm(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda actor, st: services.statement_confirm(actor=actor, statement=st),
            _("Confirmed paid"),
        )
