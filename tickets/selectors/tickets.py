"""The partner's tickets: the queue (one selector for the API and the page), one ticket with what
its page and its API detail show, a customer's tickets, a ticket's history. Always scoped to the
actor (``for_actor``) and never N+1.
"""

from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When

from core.actors import Actor
from core.queries import count_subquery
from core.search import ranked_order
from partners.models import Event
from tickets.models import Escalation, Priority, Ticket, TicketStatus
from tickets.selectors.filters import TicketFilters
from tickets.selectors.threads import messages_for

PRIORITY_RANK = Case(
    *(When(priority=p, then=Value(rank)) for rank, p in enumerate(Priority.values)),
    output_field=IntegerField(),
)  # low 0 … urgent 3: "-priority" puts urgent first
QUEUE_ORDERS = {
    "updated": ("-updated_at", "-id"),  # the default: served by ticket_partner_queue_idx
    "created": ("created_at", "id"),  # oldest first
    "priority": ("-priority_rank", "-updated_at", "-id"),  # urgent first
    "deadline": (F("resolution_due").asc(nulls_last=True), "id"),  # the soonest due first
}


def with_priority_rank(queryset):
    return queryset.annotate(priority_rank=PRIORITY_RANK)


def ticket_list(*, actor: Actor, filters=None, order: str = "updated"):
    """The partner's queue, filtered by ``filters`` (``TicketFilters`` data: the API's query string
    or the queue form's values), in one of ``QUEUE_ORDERS``: most recently active first unless
    asked otherwise.

    Customer and assignee come along in the same query, so a page of the queue costs one query
    whatever its length.
    """
    qs = TicketFilters(filters, queryset=Ticket.objects.for_actor(actor), actor=actor).qs
    if order == "priority":
        qs = with_priority_rank(qs)
    order_by = ranked_order(qs, QUEUE_ORDERS.get(order, QUEUE_ORDERS["updated"]))
    # The partner rides along: its working calendar says how much working time a clock has left.
    return qs.select_related("customer", "assignee", "partner").order_by(*order_by)


def ticket_detail(*, actor: Actor):
    """A ticket as its page and the API detail show it: the thread the actor may read, the
    escalations oldest first, and what it refers to.
    """
    return (
        Ticket.objects.for_actor(actor)
        .select_related("customer", "invoice", "subscription", "assignee", "partner")
        .prefetch_related(
            Prefetch("messages", queryset=messages_for(actor), to_attr="visible_messages"),
            Prefetch(
                "escalations",
                queryset=Escalation.objects.order_by("created_at", "id"),
                to_attr="all_escalations",
            ),
        )
    )


def ticket_events(*, actor: Actor, ticket: Ticket, limit: int = 50):
    """The ticket's and its escalations' audit rows, newest first. Messages are left out: the thread
    shows them.
    """
    escalations = [escalation.pk for escalation in ticket.all_escalations]
    mine = Q(object_type="ticket", object_id=ticket.pk) | Q(
        object_type="escalation", object_id__in=escalations
    )
    return (
        Event.objects.for_actor(actor)
        .filter(mine)
        .exclude(action="message_posted")
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def customer_tickets(*, actor: Actor, customer):
    return (
        Ticket.objects.for_actor(actor)
        .filter(customer=customer)
        .select_related("assignee")
        .order_by("-updated_at", "-id")
    )


def customer_counts(*, actor: Actor) -> dict:
    """Open tickets per customer for the customer list, as an annotation."""
    open_tickets = Ticket.objects.for_actor(actor).exclude(
        status__in=[TicketStatus.RESOLVED, TicketStatus.CLOSED]
    )
    return {"open_tickets": count_subquery(open_tickets, "customer")}
