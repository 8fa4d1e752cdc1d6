"""Tickets a partner works for its customers, their messages, and escalations to the operator."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField

from billing.models import MONEY, Invoice, Subscription
from partners.models import Customer, Partner
from partners.tenancy import TenantQuerySet


def new_status_token() -> str:
    # 32 random bytes (256 bits) from the OS; never derived from the id.
    return secrets.token_urlsafe(32)


class Category(models.TextChoices):
    BILLING_QUESTION = "billing_question", _("billing question")
    INVOICE_DISPUTE = "invoice_dispute", _("invoice dispute")
    PAYMENT_ISSUE = "payment_issue", _("payment issue")
    REFUND_REQUEST = "refund_request", _("refund request")
    SUSPENSION = "suspension", _("suspension")
    OTHER = "other", _("other")


class Priority(models.TextChoices):
    LOW = "low", _("low")
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    URGENT = "urgent", _("urgent")


class TicketStatus(models.TextChoices):
    NEW = "new", _("new")
    OPEN = "open", _("open")
    PENDING_CUSTOMER = "pending_customer", _("waiting on customer")
    ESCALATED = "escalated", _("escalated")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


class DeskSettings(models.Model):
    """A partner's service targets. Hours are wall-clock; close-the-loop is in business days."""

    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="desk_settings")
    first_response_hours = models.JSONField(default=dict)  # {"urgent": 1, "high": 4, ...}
    resolution_hours = models.JSONField(default=dict)
    close_loop_business_days = models.PositiveSmallIntegerField(default=2)
    auto_close_days = models.PositiveSmallIntegerField(default=7)

    objects = TenantQuerySet.as_manager()

    def __str__(self):
        return f"desk settings of partner {self.partner_id}"


class Ticket(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="tickets")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="tickets")
    subscription = models.ForeignKey(Subscription, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets")
    invoice = models.ForeignKey(Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets"
    )
    status = FSMField(default=TicketStatus.NEW, choices=TicketStatus.choices, protected=True)
    status_token = models.CharField(max_length=64, unique=True, default=new_status_token, editable=False)
    first_response_due = models.DateTimeField(null=True, blank=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField(null=True, blank=True)
    close_loop_due = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "-updated_at", "-id"], name="ticket_partner_queue_idx"),
            models.Index(fields=["partner", "status", "-updated_at", "-id"], name="ticket_partner_status_idx"),
            models.Index(fields=["partner", "customer", "-updated_at"], name="ticket_partner_customer_idx"),
            models.Index(fields=["partner", "assignee", "-updated_at"], name="ticket_partner_assignee_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=Category.values), name="ticket_category_valid"),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="ticket_priority_valid"),
            models.CheckConstraint(condition=Q(status__in=TicketStatus.values), name="ticket_status_valid"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.subject}"


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal note")
    OPERATOR = "operator", _("to the operator")


class Message(models.Model):
    class AuthorKind(models.TextChoices):
        PARTNER = "partner", _("partner")
        CUSTOMER = "customer", _("customer")
        OPERATOR = "operator", _("operator")

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    author_kind = models.CharField(max_length=10, choices=AuthorKind.choices)
    body = models.TextField(_("message"))
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "visibility", "created_at", "id"])]
        constraints = [
            models.CheckConstraint(condition=Q(visibility__in=Visibility.values), name="message_visibility_valid"),
        ]

    def __str__(self):
        return f"{self.visibility} message on ticket {self.ticket_id}"


class Attachment(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TenantQuerySet.as_manager()

    def __str__(self):
        return self.filename


class EscalationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    IN_REVIEW = "in_review", _("in review")
    INFO_REQUESTED = "info_requested", _("information requested")
    RESOLVED = "resolved", _("resolved")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_ESCALATION = [EscalationStatus.SUBMITTED, EscalationStatus.IN_REVIEW, EscalationStatus.INFO_REQUESTED]


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("upheld")
    PARTIALLY_UPHELD = "partially_upheld", _("partially upheld")
    REJECTED = "rejected", _("rejected")
    ANSWERED = "answered", _("answered")


class Escalation(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="escalations")
    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="escalations")
    status = FSMField(default=EscalationStatus.SUBMITTED, choices=EscalationStatus.choices, protected=True)
    summary = models.TextField(_("summary"))
    steps_taken = models.TextField(_("steps already taken"))
    operator_assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    response = models.TextField(_("operator response"), blank=True)
    credit_amount = models.DecimalField(_("credit"), **MONEY, null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["status", "created_at", "id"], name="escalation_operator_queue_idx"),
            models.Index(fields=["partner", "-created_at", "-id"], name="escalation_partner_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["ticket"], condition=Q(status__in=OPEN_ESCALATION), name="one_open_escalation_per_ticket"),
            models.CheckConstraint(condition=Q(status__in=EscalationStatus.values), name="escalation_status_valid"),
            models.CheckConstraint(
                condition=Q(credit_amount__isnull=True) | Q(credit_amount__gte=0), name="escalation_credit_not_negative"
            ),
        ]

    def __str__(self):
        return f"escalation {self.pk} of ticket {self.ticket_id} ({self.status})"


class CannedReply(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="canned_replies")
    title = models.CharField(_("title"), max_length=120)  # translated
    body = models.TextField(_("body"))  # translated

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name_plural = "canned replies"

    def __str__(self):
        return self.title
