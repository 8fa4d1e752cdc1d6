"""Reads of the tickets app, always scoped to the actor (``for_actor``) and never N+1.

Who sees which messages is decided here and nowhere else: partner users see their ticket's whole
thread, the operator only public and operator messages, the customer only public ones.
"""

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from core.actors import Actor
from core.queries import count_subquery
from partners.models import Event
from tickets.models import (
    OPEN_ESCALATION,
    Attachment,
    CannedReply,
    Escalation,
    Message,
    Priority,
    Ticket,
    TicketStatus,
    Visibility,
)

OPERATOR_VISIBLE = (Visibility.PUBLIC, Visibility.OPERATOR)
PRIORITY_RANK = Case(
    *(When(priority=p, then=Value(rank)) for rank, p in enumerate(Priority.values)),
    output_field=IntegerField(),
)  # low 0 … urgent 3: "-priority" puts urgent first


def visible_visibilities(actor: Actor) -> tuple[str, ...]:
    if actor.is_partner_user:
        return tuple(Visibility.values)
    if actor.is_operator:
        return OPERATOR_VISIBLE
    return (Visibility.PUBLIC,)  # the customer, through the status link


def messages_for(actor: Actor):
    """Messages ``actor`` may read, oldest first, with their authors and files."""
    return (
        Message.objects.for_actor(actor)
        .filter(visibility__in=visible_visibilities(actor))
        .select_related("author")
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def ticket_list(*, actor: Actor):
    """The partner's queue: most recently active first (served by ticket_partner_queue_idx)."""
    return Ticket.objects.for_actor(actor).order_by("-updated_at", "-id")


def ticket_detail(*, actor: Actor):
    return ticket_list(actor=actor).prefetch_related(
        Prefetch("messages", queryset=messages_for(actor), to_attr="visible_messages"),
        Prefetch(
            "escalations",
            queryset=Escalation.objects.order_by("created_at", "id"),
            to_attr="all_escalations",
        ),
    )


def ticket_messages(*, actor: Actor, ticket: Ticket):
    return messages_for(actor).filter(ticket=ticket)


def escalation_list(*, actor: Actor):
    """The operator's queue is oldest first (first come, first served); a partner sees newest
    first."""
    qs = Escalation.objects.for_actor(actor)
    return (
        qs.order_by("created_at", "id") if actor.is_operator else qs.order_by("-created_at", "-id")
    )


def escalation_detail(*, actor: Actor):
    """The case as the operator sees it, for either side: public and operator messages, never
    internal.
    """
    messages = messages_for(actor).filter(visibility__in=OPERATOR_VISIBLE)
    return (
        escalation_list(actor=actor)
        .select_related("ticket", "ticket__customer")
        .prefetch_related(
            Prefetch("ticket__messages", queryset=messages, to_attr="visible_messages")
        )
    )


def canned_reply_list(*, actor: Actor):
    return CannedReply.objects.for_actor(actor).order_by("title", "id")


def attachment_for(*, actor: Actor, pk: int) -> Attachment | None:
    """An attachment ``actor`` may download: on a message they may read, of their partner."""
    return (
        Attachment.objects.for_actor(actor)
        .filter(pk=pk, message__visibility__in=visible_visibilities(actor))
        .first()
    )


def status_page_ticket(*, token: str) -> Ticket | None:
    return Ticket.objects.select_related("customer", "partner").filter(status_token=token).first()


def status_page_messages(*, ticket: Ticket):
    return (
        Message.objects.filter(ticket=ticket, visibility=Visibility.PUBLIC)
        .prefetch_related("attachments")
        .order_by("created_at", "id")
    )


def status_page_attachment(*, ticket: Ticket, pk: int) -> Attachment | None:
    return Attachment.objects.filter(
        pk=pk, message__ticket=ticket, message__visibility=Visibility.PUBLIC
    ).first()


def with_priority_rank(queryset):
    return queryset.annotate(priority_rank=PRIORITY_RANK)


# --- Pages of the web UI ------------------------------------------------------------------------

ACTIVE_STATES = (
    TicketStatus.NEW,
    TicketStatus.OPEN,
    TicketStatus.PENDING_CUSTOMER,
    TicketStatus.ESCALATED,
)
QUEUE_ORDERS = {
    "updated": ("-updated_at", "-id"),  # the default: served by ticket_partner_queue_idx
    "created": ("created_at", "id"),  # oldest first
    "priority": ("-priority_rank", "-updated_at", "-id"),  # urgent first
}


def ticket_queue(
    *,
    actor: Actor,
    status: str = "",
    customer: int | None = None,
    category: str = "",
    priority: str = "",
    assignee: int | None = None,
    unassigned: bool = False,
    query: str = "",
    order: str = "updated",
):
    """The partner's queue page: filtered, searched on the subject, in a stable order.

    ``status`` "" means every ticket not yet closed (the work still in hand), "all" everything.
    Customer and assignee come along in the same query, so a page costs one query whatever its
    length.
    """
    qs = ticket_list(actor=actor)
    if status == "":
        qs = qs.exclude(status=TicketStatus.CLOSED)
    elif status != "all":
        qs = qs.filter(status=status)
    filters = {
        "customer_id": customer,
        "category": category or None,
        "priority": priority or None,
        "assignee_id": assignee,
    }
    qs = qs.filter(**{field: value for field, value in filters.items() if value is not None})
    if unassigned:
        qs = qs.filter(assignee__isnull=True)
    if query:
        qs = qs.filter(subject__icontains=query)
    if order == "priority":
        qs = with_priority_rank(qs)
    return qs.select_related("customer", "assignee").order_by(
        *QUEUE_ORDERS.get(order, QUEUE_ORDERS["updated"])
    )


def sla_breaches(*, actor: Actor, now):
    """Tickets still in hand that are past their first-response or resolution deadline, most overdue
    first.
    """
    late = Q(first_responded_at__isnull=True, first_response_due__lt=now) | Q(
        resolution_due__lt=now
    )
    return (
        ticket_list(actor=actor)
        .filter(late, status__in=ACTIVE_STATES)
        .select_related("customer")
        .order_by("resolution_due", "id")
    )


def close_loop_owed(*, actor: Actor):
    """Tickets whose escalation the operator answered and whose customer still waits for the
    partner's word.
    """
    return (
        ticket_list(actor=actor)
        .filter(close_loop_due__isnull=False, close_loop_met_at__isnull=True)
        .exclude(status=TicketStatus.CLOSED)
        .select_related("customer")
        .order_by("close_loop_due", "id")
    )


def ticket_status_counts(*, actor: Actor) -> dict:
    """{status: count} of the actor's tickets (one grouped query)."""
    return dict(
        Ticket.objects.for_actor(actor).order_by().values_list("status").annotate(n=Count("pk"))
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


def escalation_events(*, actor: Actor, escalation: Escalation, limit: int = 50):
    return (
        Event.objects.for_actor(actor)
        .filter(object_type="escalation", object_id=escalation.pk)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def canned_replies_in(*, actor: Actor, language: str) -> list[dict]:
    """The partner's canned replies: the title in the reader's language, the body in ``language``
    (the customer's), as the service will post it."""
    replies = list(canned_reply_list(actor=actor))
    with translation.override(language):
        bodies = [reply.body for reply in replies]
    own = build_localized_fieldname("body", language)
    # Untranslated replies fall back to English: say so before the agent sends English to, say, a
    # Russian customer.
    return [
        {
            "id": reply.pk,
            "title": reply.title,
            "body": body,
            "translated": language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE
            or bool(getattr(reply, own, None)),
        }
        for reply, body in zip(replies, bodies, strict=True)
    ]


ESCALATION_OPEN = "open"


def escalation_queue(
    *, actor: Actor, status: str = ESCALATION_OPEN, partner: int | None = None, older_than=None
):
    """The operator's queue across partners: oldest first, with everything a row shows in one
    query."""
    qs = escalation_list(actor=actor)
    if status == ESCALATION_OPEN:
        qs = qs.filter(status__in=OPEN_ESCALATION)
    elif status != "all":
        qs = qs.filter(status=status)
    if partner is not None:
        qs = qs.filter(partner_id=partner)
    if older_than is not None:
        qs = qs.filter(created_at__lt=older_than)
    return qs.select_related("partner", "ticket", "ticket__customer", "operator_assignee")


def ticket_page(*, actor: Actor):
    """A ticket as its page shows it: the thread the actor may read, escalations, and what it refers
    to.
    """
    return ticket_detail(actor=actor).select_related(
        "customer", "invoice", "subscription", "assignee"
    )


def escalation_page(*, actor: Actor):
    return escalation_detail(actor=actor).select_related(
        "partner", "ticket__invoice", "ticket__subscription", "operator_assignee", "created_by"
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
