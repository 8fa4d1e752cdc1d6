"""Tickets a partner works for its customers: choices, desk settings, the ticket itself."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from billing.models import Invoice, Subscription
from core.tenancy import TenantQuerySet
from partners.models import Customer, Partner


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


class Channel(models.TextChoices):
    """How a ticket came in: typed in the portal, sent to the API, or an inbound e-mail.
    Tickets opened before the desk recorded it are "not recorded" (nothing else tells)."""

    WEB = "web", _("portal")
    API = "api", _("API")
    EMAIL = "email", _("e-mail")
    UNRECORDED = "unrecorded", _("not recorded")


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


# Sane defaults a partner starts with; DeskSettings may override any priority.
DEFAULT_FIRST_RESPONSE_HOURS = {"urgent": 1, "high": 4, "normal": 8, "low": 24}
DEFAULT_RESOLUTION_HOURS = {"urgent": 8, "high": 24, "normal": 72, "low": 120}
ESCALABLE_CATEGORIES = (
    Category.BILLING_QUESTION,
    Category.INVOICE_DISPUTE,
    Category.PAYMENT_ISSUE,
    Category.REFUND_REQUEST,
)
CLOSED_STATES = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


class DeskSettings(models.Model):
    """A partner's service targets: hours are working hours and close-the-loop is working days,
    both in the partner's working calendar (``Partner.calendar``)."""

    partner = models.OneToOneField(Partner, on_delete=models.CASCADE, related_name="desk_settings")
    first_response_hours = models.JSONField(default=dict)  # {"urgent": 1, "high": 4, ...}
    resolution_hours = models.JSONField(default=dict)
    close_loop_business_days = models.PositiveSmallIntegerField(default=2)
    auto_close_days = models.PositiveSmallIntegerField(default=7)

    objects = TenantQuerySet.as_manager()

    def __str__(self):
        return f"desk settings of partner {self.partner_id}"

    def first_response_hours_for(self, priority: str) -> int:
        return int(
            (self.first_response_hours or {}).get(priority)
            or DEFAULT_FIRST_RESPONSE_HOURS[priority]
        )

    def resolution_hours_for(self, priority: str) -> int:
        return int(
            (self.resolution_hours or {}).get(priority) or DEFAULT_RESOLUTION_HOURS[priority]
        )


class Ticket(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="tickets")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="tickets")
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    # The invoice this ticket holds a dispute freeze on (tickets.services.holds keeps it).
    held_invoice = models.ForeignKey(
        Invoice, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    # db_default too: rows written by SQL (bulk loads, the benchmarks' seeds) get it as well
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.UNRECORDED,
        db_default=Channel.UNRECORDED,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    status = FSMField(default=TicketStatus.NEW, choices=TicketStatus.choices, protected=True)
    status_token = models.CharField(
        max_length=64, unique=True, default=new_status_token, editable=False
    )
    first_response_due = models.DateTimeField(null=True, blank=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    resolution_due = models.DateTimeField(null=True, blank=True)
    close_loop_due = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # SLA bookkeeping: a breach is stamped once, under the row lock, so it is recorded exactly once.
    first_response_breached_at = models.DateTimeField(null=True, blank=True)
    resolution_breached_at = models.DateTimeField(null=True, blank=True)
    close_loop_met_at = models.DateTimeField(null=True, blank=True)
    close_loop_breached_at = models.DateTimeField(null=True, blank=True)
    # Paused clocks (tickets.services.sla): while the ticket waits on the customer or on the
    # operator its clocks stand still; ``sla_left`` keeps the working seconds each running clock
    # had left, ``sla_paused_seconds`` the working time of the pauses already over.
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    sla_left = models.JSONField(default=dict, blank=True)
    sla_paused_seconds = models.PositiveIntegerField(default=0)
    auto_close_at = models.DateTimeField(
        null=True, blank=True
    )  # set on resolve from the partner's N days
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["partner", "-updated_at", "-id"], name="ticket_partner_queue_idx"),
            # The other filter columns ride along after the id (they change no order), so counting a
            # filtered queue ("open, high priority, mine") is an index-only scan, not a visit to
            # every heap row. Trailing key columns, not INCLUDE: SQLite would warn about INCLUDE.
            models.Index(
                fields=[
                    "partner",
                    "status",
                    "-updated_at",
                    "-id",
                    "priority",
                    "category",
                    "assignee",
                    "customer",
                ],
                name="ticket_partner_status_idx",
            ),
            models.Index(
                fields=["partner", "customer", "-updated_at", "-id"], name="ticket_partner_cust_idx"
            ),
            models.Index(
                fields=[
                    "partner",
                    "assignee",
                    "-updated_at",
                    "-id",
                    "status",
                    "priority",
                    "category",
                ],
                name="ticket_partner_assign_idx",
            ),
            models.Index(
                fields=["partner", "category", "-updated_at", "-id"],
                name="ticket_partner_category_idx",
            ),
            models.Index(
                fields=["partner", "priority", "-updated_at", "-id"],
                name="ticket_partner_priority_idx",
            ),
            # Reports read a partner's tickets by the day they were opened.
            models.Index(fields=["partner", "created_at"], name="ticket_partner_created_idx"),
            # ... and, for the days not stored yet (today), every partner's tickets opened or due
            # on them (tickets/selectors/reports.py; the stored days need no index of these).
            models.Index(fields=["created_at"], name="ticket_created_idx"),
            models.Index(
                fields=["first_response_due"],
                name="ticket_first_response_due_idx",
                condition=Q(first_response_due__isnull=False),
            ),
            models.Index(
                fields=["resolution_due"],
                name="ticket_resolution_due_idx",
                condition=Q(resolution_due__isnull=False),
            ),
            models.Index(
                fields=["close_loop_due"],
                name="ticket_close_loop_due_idx",
                condition=Q(close_loop_due__isnull=False),
            ),
            # The periodic tasks only ever look at the few tickets still owing something.
            models.Index(
                fields=["auto_close_at"],
                condition=Q(status="resolved"),
                name="ticket_auto_close_idx",
            ),
            models.Index(
                fields=["first_response_due"],
                name="ticket_first_response_sla_idx",
                condition=Q(
                    first_responded_at__isnull=True,
                    first_response_breached_at__isnull=True,
                    sla_paused_at__isnull=True,
                ),
            ),
            models.Index(
                fields=["resolution_due"],
                name="ticket_resolution_sla_idx",
                condition=Q(resolution_breached_at__isnull=True, sla_paused_at__isnull=True)
                & ~Q(status__in=["resolved", "closed"]),
            ),
            models.Index(
                fields=["close_loop_due"],
                name="ticket_close_loop_sla_idx",
                condition=Q(
                    close_loop_due__isnull=False,
                    close_loop_met_at__isnull=True,
                    close_loop_breached_at__isnull=True,
                    sla_paused_at__isnull=True,
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="ticket_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="ticket_priority_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=TicketStatus.values), name="ticket_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(channel__in=Channel.values), name="ticket_channel_valid"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.subject}"

    def get_absolute_url(self) -> str:
        # Lets pages of lower apps (a customer's tickets tab) link here without importing tickets.
        return reverse("ticket-detail", args=[self.pk])

    # The state machine of SPEC §4. The methods only move the state: what else must happen
    # (messages, e-mails, events, locks) is the job of tickets.services, the only caller.
    S = TicketStatus

    @transition(field=status, source=S.NEW, target=S.OPEN)
    def start_work(self):
        """The partner's first public reply or an assignment."""

    @transition(field=status, source=[S.NEW, S.OPEN], target=S.PENDING_CUSTOMER)
    def wait_on_customer(self):
        """The partner asked the customer something."""

    @transition(field=status, source=S.PENDING_CUSTOMER, target=S.OPEN)
    def resume(self):
        """The customer answered, or the partner takes the ticket back."""

    @transition(field=status, source=[S.NEW, S.OPEN], target=S.ESCALATED)
    def escalate(self):
        """Handed to the operator on the customer's behalf."""

    @transition(field=status, source=S.ESCALATED, target=S.OPEN)
    def return_from_operator(self):
        """The escalation was resolved or withdrawn: the partner owes the customer an answer."""

    @transition(field=status, source=[S.NEW, S.OPEN], target=S.RESOLVED)
    def resolve(self):
        """The loop is closed: a public resolution went to the customer."""

    @transition(field=status, source=S.RESOLVED, target=S.OPEN)
    def reopen(self):
        """The customer replied or rejected the resolution, or the partner reopened it."""

    @transition(field=status, source=S.RESOLVED, target=S.CLOSED)
    def close(self):
        """The customer confirmed, an agent closed it, or nobody replied for N days."""

    del S
