"""Escalations: a ticket handed to the operator on the customer's behalf."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import FSMField, transition

from billing.models import MONEY, CreditNote
from core.tenancy import TenantQuerySet
from partners.models import Partner
from tickets.models.tickets import Ticket


class EscalationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    IN_REVIEW = "in_review", _("in review")
    INFO_REQUESTED = "info_requested", _("information requested")
    # A context: in gendered languages an escalation is "resolved" with another ending than a
    # ticket.
    RESOLVED = "resolved", pgettext_lazy("escalation status", "resolved")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_ESCALATION = [
    EscalationStatus.SUBMITTED,
    EscalationStatus.IN_REVIEW,
    EscalationStatus.INFO_REQUESTED,
]


class Outcome(models.TextChoices):
    UPHELD = "upheld", _("upheld")
    PARTIALLY_UPHELD = "partially_upheld", _("partially upheld")
    REJECTED = "rejected", _("rejected")
    ANSWERED = "answered", _("answered")


class Escalation(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="escalations")
    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="escalations")
    status = FSMField(
        default=EscalationStatus.SUBMITTED, choices=EscalationStatus.choices, protected=True
    )
    summary = models.TextField(_("summary"))
    steps_taken = models.TextField(_("steps already taken"))
    operator_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    response = models.TextField(_("operator response"), blank=True)
    credit_amount = models.DecimalField(_("credit"), **MONEY, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["status", "created_at", "id"], name="escalation_operator_queue_idx"
            ),
            models.Index(fields=["partner", "-created_at", "-id"], name="escalation_partner_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(status__in=OPEN_ESCALATION),
                name="one_open_escalation_per_ticket",
            ),
            models.CheckConstraint(
                condition=Q(status__in=EscalationStatus.values), name="escalation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(credit_amount__isnull=True) | Q(credit_amount__gte=0),
                name="escalation_credit_not_negative",
            ),
        ]

    def __str__(self):
        return f"escalation {self.pk} of ticket {self.ticket_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ESCALATION

    @property
    def credit_currency(self) -> str:
        """The credit's currency: its invoice's, or (no invoice) the credit note's."""
        if self.ticket.invoice_id:
            return self.ticket.invoice.currency
        note = CreditNote.objects.filter(escalation_id=self.pk).only("currency").first()
        return note.currency if note else ""

    S = EscalationStatus

    @transition(field=status, source=S.SUBMITTED, target=S.IN_REVIEW)
    def take(self):
        """An operator picks it up from the queue."""

    @transition(field=status, source=S.IN_REVIEW, target=S.INFO_REQUESTED)
    def request_info(self):
        """The operator asks the partner a question."""

    @transition(field=status, source=S.INFO_REQUESTED, target=S.IN_REVIEW)
    def answer(self):
        """The partner answered with an operator message."""

    @transition(field=status, source=S.IN_REVIEW, target=S.RESOLVED)
    def resolve(self):
        """The operator decided: outcome, response and an optional credit."""

    @transition(field=status, source=OPEN_ESCALATION, target=S.WITHDRAWN)
    def withdraw(self):
        """The partner takes the escalation back."""

    del S
