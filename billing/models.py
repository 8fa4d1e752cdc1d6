"""Subscriptions, invoices and payments between a partner and its customers; the partner's
collections policy and what dunning did; the operator's statements to the partner."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, FSMModelMixin, transition

from core.tenancy import TenantQuerySet
from partners.models import Customer, Partner

DATA_RETENTION_DAYS = 60
MONEY = dict(max_digits=14, decimal_places=2)
currency_validator = RegexValidator(r"^[A-Z]{3}$", _("A three-letter ISO 4217 code, e.g. CNY."))


class SuspensionReason(models.TextChoices):
    NON_PAYMENT = "non_payment", _("non-payment")
    FRAUD = "fraud", _("fraud")
    MISUSE = "misuse", _("misuse")


class Subscription(FSMModelMixin, models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        CANCELLED = "cancelled", _("cancelled")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="subscriptions")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="subscriptions")
    offer = models.CharField(_("offer"), max_length=200)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )
    # The partner's own key or the Partner Center SubscriptionId: unique per partner when set.
    external_id = models.CharField(_("external id"), max_length=100, blank=True, default="")
    status = FSMField(default=Status.ACTIVE, choices=Status.choices, protected=True)
    suspension_reasons = models.JSONField(default=list, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    data_deletion_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["partner", "status", "id"]),
            models.Index(fields=["customer", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="subscription_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "suspended", "cancelled"]),
                name="subscription_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="suspended")
                | Q(suspended_at__isnull=False, data_deletion_at__isnull=False),
                name="subscription_suspended_has_dates",
            ),
            models.UniqueConstraint(
                fields=["partner", "external_id"],
                condition=~Q(external_id=""),
                name="subscription_external_id_unique_per_partner",
            ),
        ]

    def __str__(self):
        return f"{self.offer} × {self.quantity} ({self.customer_id})"

    # The transitions only move the state; billing.services.subscriptions decides whether they may
    # happen.
    @transition(field=status, source=Status.ACTIVE, target=Status.SUSPENDED)
    def suspend(self):
        pass

    @transition(field=status, source=Status.SUSPENDED, target=Status.ACTIVE)
    def reactivate(self):
        pass

    @transition(field=status, source=[Status.ACTIVE, Status.SUSPENDED], target=Status.CANCELLED)
    def cancel(self):
        pass

    @staticmethod
    def deletion_date(suspended_at):
        return suspended_at + timedelta(days=DATA_RETENTION_DAYS)


class Invoice(FSMModelMixin, models.Model):
    # Contexts: these adjectives agree with "invoice" in gendered languages (a ticket is "open"
    # too).
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("invoice status", "open")
        PAID = "paid", pgettext_lazy("invoice status", "paid")
        VOID = "void", pgettext_lazy("invoice status", "void")
        WRITTEN_OFF = "written_off", pgettext_lazy("invoice status", "written off")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="invoices")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="invoices")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    number = models.CharField(_("number"), max_length=40)
    amount = models.DecimalField(
        _("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    amount_paid = models.DecimalField(**MONEY, default=Decimal("0"))
    amount_credited = models.DecimalField(**MONEY, default=Decimal("0"))
    currency = models.CharField(
        _("currency"), max_length=3, default="CNY", validators=[currency_validator]
    )
    issue_date = models.DateField(_("issue date"))
    due_date = models.DateField(_("due date"))
    status = FSMField(default=Status.OPEN, choices=Status.choices, protected=True)
    status_reason = models.TextField(blank=True)
    # Holds are counted, not flagged: two open disputes on one invoice keep it frozen until both
    # end.
    freeze_count = models.PositiveIntegerField(default=0)
    # Dunning bookkeeping. The policy version is pinned when the first step is performed, so every
    # notice of one invoice follows the version the customer was first told about.
    collections_policy = models.ForeignKey(
        "CollectionsPolicy", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dunning_next_on = models.DateField(
        null=True, blank=True
    )  # a cache: null means "work it out again"
    dunning_done = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-issue_date", "-id"]
        indexes = [
            models.Index(fields=["partner", "-issue_date", "-id"]),
            models.Index(
                fields=["status", "due_date"],
                condition=Q(status="open"),
                name="invoice_open_due_idx",
            ),
            models.Index(fields=["customer", "status"]),
            models.Index(
                fields=["id"],
                condition=Q(status="open", dunning_done=False),
                name="invoice_dunning_todo_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "number"], name="invoice_number_unique_per_partner"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="invoice_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0)
                & Q(amount_credited__gte=0)
                & Q(amount__gte=F("amount_paid") + F("amount_credited")),
                name="invoice_settled_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("issue_date")), name="invoice_due_after_issue"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "paid", "void", "written_off"]),
                name="invoice_status_valid",
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def balance(self) -> Decimal:
        return self.amount - self.amount_paid - self.amount_credited

    @property
    def frozen(self) -> bool:
        return self.freeze_count > 0

    def days_overdue(self, today) -> int:
        if self.status != self.Status.OPEN or today <= self.due_date:
            return 0
        return (today - self.due_date).days

    @transition(field=status, source=Status.OPEN, target=Status.PAID)
    def mark_paid(self):
        pass

    @transition(field=status, source=Status.OPEN, target=Status.VOID)
    def void(self):
        pass

    @transition(field=status, source=Status.OPEN, target=Status.WRITTEN_OFF)
    def write_off(self):
        pass


class Payment(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="payments")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(
        _("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    date = models.DateField(_("date"))
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self):
        return f"{self.amount} on {self.invoice_id}"


class StepAction(models.TextChoices):
    REMINDER = "reminder", _("reminder")
    FINAL_NOTICE = "final_notice", _("final notice")
    SUSPEND = "suspend", _("suspend")


class CollectionsPolicy(models.Model):
    """One immutable version of a partner's policy; editing publishes a new version."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="collections_policies"
    )
    version = models.PositiveIntegerField()
    steps = models.JSONField(default=list)  # [{"after_days": int, "action": StepAction}], ordered
    auto_suspend = models.BooleanField(_("suspend automatically"), default=False)
    description = models.TextField(_("description"), blank=True)  # translated (modeltranslation)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["partner_id", "-version"]
        verbose_name_plural = "collections policies"
        constraints = [
            models.UniqueConstraint(fields=["partner", "version"], name="policy_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="policy_version_positive"),
        ]

    def __str__(self):
        return f"{self.partner_id} v{self.version}"


class DunningAction(models.Model):
    """A policy step performed for one invoice. The unique constraint makes "once" a fact."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="dunning_actions")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="dunning_actions")
    policy = models.ForeignKey(CollectionsPolicy, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=StepAction.choices)
    after_days = models.PositiveIntegerField()
    due_on = models.DateField()  # the invoice's due date + after_days
    performed_on = models.DateField(null=True)  # the run's as-of date (a catch-up performs late)
    impact_on = models.DateField(
        null=True, blank=True
    )  # final notice: the access-impact date it announced
    performed_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["invoice_id", "after_days"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "action", "after_days"], name="dunning_step_once"
            ),
        ]

    def __str__(self):
        return f"{self.action} +{self.after_days}d for invoice {self.invoice_id}"


class SuspensionRequest(models.Model):
    """A "ready to suspend" item in the partner's queue, when suspension is not automatic."""

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="suspension_requests"
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="suspension_requests"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=40, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_suspension_request",
            ),
        ]

    def __str__(self):
        return f"ready to suspend: invoice {self.invoice_id}"


class Statement(FSMModelMixin, models.Model):
    """What the partner owes the operator."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("statement status", "open")
        PAID = "paid", pgettext_lazy("statement status", "paid")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="statements")
    number = models.CharField(_("number"), max_length=40)
    amount = models.DecimalField(
        _("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="CNY", validators=[currency_validator]
    )
    due_date = models.DateField(_("due date"))
    status = FSMField(default=Status.OPEN, choices=Status.choices, protected=True)
    payment_reference = models.CharField(max_length=100, blank=True)
    payment_reported_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-due_date", "-id"]
        indexes = [models.Index(fields=["partner", "-due_date", "-id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "number"], name="statement_number_unique_per_partner"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="statement_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["open", "paid"]), name="statement_status_valid"
            ),
        ]

    def __str__(self):
        return self.number

    @transition(field=status, source=Status.OPEN, target=Status.PAID)
    def confirm_paid(self):
        pass


# A credit note, its allocations and the payment webhook live in their own module (this one would
# pass 400 lines); imported here so that ``billing.models`` names every model of the app.
from billing.models_money import (  # noqa: E402
    CreditAllocation,
    CreditNote,
    PaymentWebhook,
    WebhookDelivery,
)
from billing.models_recon import ChargeLine  # noqa: E402

__all__ = [
    "ChargeLine",
    "CollectionsPolicy",
    "CreditAllocation",
    "CreditNote",
    "DunningAction",
    "Invoice",
    "Payment",
    "PaymentWebhook",
    "Statement",
    "StepAction",
    "Subscription",
    "SuspensionReason",
    "SuspensionRequest",
    "WebhookDelivery",
]
