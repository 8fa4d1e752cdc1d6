"""What a customer does from the ticket's secret status link: reply, confirm, say it is not
solved."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import PolicyViolation
from notifications.activity import ActivityKind, activity_record
from tickets.models import Message, Ticket, TicketStatus, Visibility
from tickets.services.attachments import attachments_validate
from tickets.services.common import customer_actor, lock_ticket, move
from tickets.services.messages import body_required, message_add
from tickets.services.tickets import close, reopen

CUSTOMER = Message.AuthorKind.CUSTOMER


@transaction.atomic
def customer_reply(*, ticket: Ticket, body: str, files=()) -> Message:
    """The customer writes: a waiting or resolved ticket comes back to the partner (open)."""
    body = body_required(body)
    attachments_validate(files)
    actor = customer_actor(ticket)
    ticket = lock_ticket(ticket)
    if ticket.status == TicketStatus.CLOSED:
        raise PolicyViolation(
            _("This request is closed. To ask something new, write to %(email)s.")
            % {"email": ticket.partner.support_email}
        )
    message = message_add(
        actor=actor,
        ticket=ticket,
        body=body,
        visibility=Visibility.PUBLIC,
        kind=CUSTOMER,
        files=files,
    )
    if ticket.status == TicketStatus.PENDING_CUSTOMER:
        move(ticket, "resume", actor=actor, reason="the customer replied")
    elif ticket.status == TicketStatus.RESOLVED:
        reopen(actor, ticket, "the customer replied after the resolution")
    activity_record(kind=ActivityKind.CUSTOMER_REPLIED, target=ticket)
    return message


@transaction.atomic
def customer_confirm(*, ticket: Ticket) -> Ticket:
    """The customer confirms the resolution: the ticket is closed."""
    actor = customer_actor(ticket)
    ticket = lock_ticket(ticket)
    return close(actor, ticket, "the customer confirmed the resolution")


@transaction.atomic
def customer_reject(*, ticket: Ticket, body: str = "") -> Ticket:
    """The customer says the resolution did not solve it: back to the partner, with their
    comment."""
    actor = customer_actor(ticket)
    ticket = lock_ticket(ticket)
    reopen(actor, ticket, "the customer says it is not solved")
    if (body or "").strip():
        message_add(
            actor=actor,
            ticket=ticket,
            body=body.strip(),
            visibility=Visibility.PUBLIC,
            kind=CUSTOMER,
        )
    return ticket
