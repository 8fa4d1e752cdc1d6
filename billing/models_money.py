"""Money that moves without an invoice's own payment form: credit notes and their allocations, and
the signed payment webhook (its secret and every delivery)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from billing.models import MONEY, Invoice, Payment, currency_validator
from core.tenancy import TenantQuerySet
from partners.models import Customer, Partner


class CreditNote(models.Model):
    """Money the customer no longer owes: granted by the operator on an upheld escalation (then
    also credited to the partner's account with the operator) or by a partner admin by hand.

    It settles its invoice first; what is left (``unapplied``) is the customer's credit balance,
    used on their oldest open invoices of the same currency, now and when new ones arrive.
    """

    class Source(models.TextChoices):
        OPERATOR = "operator", _("operator")
        PARTNER = "partner", _("partner")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="credit_notes")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="credit_notes")
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )
    amount = models.DecimalField(
        _("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unapplied = models.DecimalField(**MONEY, default=Decimal("0"))
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_validator])
    reason = models.TextField(_("reason"))
    source = models.CharField(max_length=10, choices=Source.choices)
    # The escalation it comes from, by id: tickets sit above billing, billing never imports them.
    escalation_id = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "currency", "unapplied"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_note_amount_positive"),
            models.CheckConstraint(
                condition=Q(unapplied__gte=0) & Q(unapplied__lte=F("amount")),
                name="credit_note_unapplied_within_amount",
            ),
        ]

    def __str__(self):
        return f"credit {self.amount} {self.currency} for {self.customer_id}"


class CreditAllocation(models.Model):
    """Part of a credit note used on one invoice."""

    credit_note = models.ForeignKey(
        CreditNote, on_delete=models.PROTECT, related_name="allocations"
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="credit_allocations"
    )
    amount = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_allocation_positive")
        ]

    def __str__(self):
        return f"{self.amount} of credit {self.credit_note_id} on {self.invoice_id}"


class PaymentWebhook(models.Model):
    """The secret a partner's payment provider signs its webhook deliveries with.

    Kept as it is: verifying an HMAC needs the key itself (a hash could not verify), and the
    database is already where every other secret of the desk lives. Shown once, on rotation.
    """

    partner = models.OneToOneField(
        Partner, on_delete=models.CASCADE, related_name="payment_webhook"
    )
    secret = models.CharField(max_length=100)
    rotated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    def __str__(self):
        return f"payment webhook of {self.partner_id}"


class WebhookDelivery(models.Model):
    """Every delivery that reached the payment webhook, whatever became of it (nothing is lost)."""

    class Outcome(models.TextChoices):
        PAID = "paid", _("payment recorded")
        DUPLICATE = "duplicate", _("already received")
        UNMATCHED = "unmatched", _("unmatched: to review")
        REJECTED = "rejected", _("signature refused")
        INVALID = "invalid", _("invalid")

    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="webhook_deliveries"
    )
    event_id = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    detail = models.TextField(blank=True)
    body = models.TextField(blank=True)
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # One accepted delivery per event: the same event_id again pays nothing more.
            models.UniqueConstraint(
                fields=["partner", "event_id"],
                condition=Q(outcome__in=["paid", "unmatched"]),
                name="webhook_event_once",
            ),
        ]

    def __str__(self):
        return f"{self.event_id} ({self.outcome})"


# By name for drf-spectacular (ENUM_NAME_OVERRIDES): an escalation has an "outcome" too.
WebhookOutcome = WebhookDelivery.Outcome
