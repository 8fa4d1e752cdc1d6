"""The ticket panels of the partner's dashboard: counts by status, SLA breaches, loops to close."""

from django.db.models import Count, Q

from core.actors import Actor
from tickets.models import Ticket, TicketStatus

UNRESOLVED_STATES = (
    TicketStatus.NEW,
    TicketStatus.OPEN,
    TicketStatus.PENDING_CUSTOMER,
    TicketStatus.ESCALATED,
)


def ticket_status_counts(*, actor: Actor) -> dict:
    """{status: count} of the actor's tickets (one grouped query)."""
    return dict(
        Ticket.objects.for_actor(actor).order_by().values_list("status").annotate(n=Count("pk"))
    )


def sla_breaches(*, actor: Actor, now):
    """Tickets still in hand that are past their first-response or resolution deadline, most overdue
    first.
    """
    running = Q(sla_paused_at__isnull=True)  # a paused clock is late only if it broke before
    late = Q(first_responded_at__isnull=True) & (
        Q(running, first_response_due__lt=now) | Q(first_response_breached_at__isnull=False)
    ) | Q(running, resolution_due__lt=now) | Q(resolution_breached_at__isnull=False)
    return (
        Ticket.objects.for_actor(actor)
        .filter(late, status__in=UNRESOLVED_STATES)
        .select_related("customer")
        .order_by("resolution_due", "id")
    )


def close_loop_owed(*, actor: Actor):
    """Tickets whose escalation the operator answered and whose customer still waits for the
    partner's word.
    """
    return (
        Ticket.objects.for_actor(actor)
        .filter(close_loop_due__isnull=False, close_loop_met_at__isnull=True)
        .exclude(status=TicketStatus.CLOSED)
        .select_related("customer")
        .order_by("close_loop_due", "id")
    )
