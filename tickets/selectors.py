"""Reads of the tickets app, always scoped to the actor (``for_actor``) and never N+1.

Who sees which messages is decided here and nowhere else: partner users see their ticket's whole
thread, the operator only public and operator messages, the customer only public ones.
"""

from django.db.models import Case, IntegerField, Prefetch, Value, When

from partners.tenancy import Actor
from tickets.models import Attachment, CannedReply, Escalation, Message, Priority, Ticket, Visibility

OPERATOR_VISIBLE = (Visibility.PUBLIC, Visibility.OPERATOR)
PRIORITY_RANK = Case(*(When(priority=p, then=Value(rank)) for rank, p in enumerate(Priority.values)),
                     output_field=IntegerField())  # low 0 … urgent 3: "-priority" puts urgent first


def visible_visibilities(actor: Actor) -> tuple[str, ...]:
    if actor.is_partner_user:
        return tuple(Visibility.values)
    if actor.is_operator:
        return OPERATOR_VISIBLE
    return (Visibility.PUBLIC,)  # the customer, through the status link


def messages_for(actor: Actor):
    """Messages ``actor`` may read, oldest first, with their authors and files."""
    return (Message.objects.for_actor(actor).filter(visibility__in=visible_visibilities(actor))
            .select_related("author").prefetch_related("attachments").order_by("created_at", "id"))


def ticket_list(*, actor: Actor):
    """The partner's queue: most recently active first (served by ticket_partner_queue_idx)."""
    return Ticket.objects.for_actor(actor).order_by("-updated_at", "-id")


def ticket_detail(*, actor: Actor):
    return ticket_list(actor=actor).prefetch_related(
        Prefetch("messages", queryset=messages_for(actor), to_attr="visible_messages"),
        Prefetch("escalations", queryset=Escalation.objects.order_by("created_at", "id"), to_attr="all_escalations"))


def ticket_messages(*, actor: Actor, ticket: Ticket):
    return messages_for(actor).filter(ticket=ticket)


def escalation_list(*, actor: Actor):
    """The operator's queue is oldest first (first come, first served); a partner sees newest first."""
    qs = Escalation.objects.for_actor(actor)
    return qs.order_by("created_at", "id") if actor.is_operator else qs.order_by("-created_at", "-id")


def escalation_detail(*, actor: Actor):
    """The case as the operator sees it, for either side: public and operator messages, never internal."""
    messages = messages_for(actor).filter(visibility__in=OPERATOR_VISIBLE)
    return escalation_list(actor=actor).select_related("ticket", "ticket__customer").prefetch_related(
        Prefetch("ticket__messages", queryset=messages, to_attr="visible_messages"))


def canned_reply_list(*, actor: Actor):
    return CannedReply.objects.for_actor(actor).order_by("title", "id")


def attachment_for(*, actor: Actor, pk: int) -> Attachment | None:
    """An attachment ``actor`` may download: on a message they may read, of their partner."""
    return (Attachment.objects.for_actor(actor)
            .filter(pk=pk, message__visibility__in=visible_visibilities(actor)).first())


def status_page_ticket(*, token: str) -> Ticket | None:
    return Ticket.objects.select_related("customer", "partner").filter(status_token=token).first()


def status_page_messages(*, ticket: Ticket):
    return (Message.objects.filter(ticket=ticket, visibility=Visibility.PUBLIC)
            .prefetch_related("attachments").order_by("created_at", "id"))


def status_page_attachment(*, ticket: Ticket, pk: int) -> Attachment | None:
    return Attachment.objects.filter(pk=pk, message__ticket=ticket, message__visibility=Visibility.PUBLIC).first()


def with_priority_rank(queryset):
    return queryset.annotate(priority_rank=PRIORITY_RANK)


