"""What a customer does from the ticket's secret status link: reply, confirm, say it is not
solved."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actors import Actor, ActorRole
from core.audit import event_record
from core.errors import PolicyViolation
from notifications.activity import ActivityKind, activity_record
from partners.models import Customer
from tickets.models import Message, Ticket, TicketStatus, Visibility
from tickets.services import sla
from tickets.services.attachments import attachments_validate
from tickets.services.common import customer_actor, lock_ticket, move
from tickets.services.emails import customer_email
from tickets.services.messages import body_required, message_add
from tickets.services.tickets import close, reopen

CUSTOMER = Message.AuthorKind.CUSTOMER

CUSTOMER_BODY_MAX = 20000  # characters, as every message of the API


def _within_cap(body: str) -> str:
    """What the customer wrote, refused (400 on the body) beyond ``CUSTOMER_BODY_MAX``."""
    try:
        MaxLengthValidator(CUSTOMER_BODY_MAX)(body)
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from None
    return body


@transaction.atomic
def customer_reply(*, ticket: Ticket, body: str, files=(), via: str = "status_page") -> Message:
    """The customer writes, from the status page or by e-mail (``via``): a waiting or resolved
    ticket comes back to the partner (open). The one service for every customer reply, so the
    length cap holds for the status page and e-mail alike (an e-mail over it is held)."""
    body = _within_cap(body_required(body))
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
        via=via,
    )
    if ticket.status == TicketStatus.PENDING_CUSTOMER:
        move(ticket, "resume", actor=actor, reason="the customer replied")
    elif ticket.status == TicketStatus.RESOLVED:
        reopen(actor, ticket, "the customer replied after the resolution")
    activity_record(kind=ActivityKind.CUSTOMER_REPLIED, target=ticket)
    return message


@transaction.atomic
def customer_ticket_open(
    *,
    customer: Customer,
    subject: str,
    description: str,
    category: str,
    files=(),
    via: str,
    invoice=None,
    subscription=None,
) -> Ticket:
    """The customer opens a request themselves (by e-mail): acknowledged like any new ticket.
    ``invoice`` / ``subscription``: what it is about (the customer's own, checked here)."""
    attachments_validate(files)
    actor = Actor(user=None, role=ActorRole.CUSTOMER, partner_id=customer.partner_id)
    for about in (invoice, subscription):
        if about is not None and about.customer_id != customer.pk:
            raise ValidationError(_("Unknown %(field)s.") % {"field": about._meta.model_name})
    ticket = Ticket(
        partner_id=customer.partner_id,
        customer=customer,
        invoice=invoice,
        subscription=subscription,
        category=category,
        subject=(subject or "").strip()[:200] or _("(no subject)"),
        description=body_required(description, "description"),
    )
    sla.deadlines_set(ticket, timezone.now())
    ticket.full_clean(exclude=["status"])  # protected FSM field: full_clean would re-assign it
    ticket.save()
    event_record(
        actor=actor, obj=ticket, action="created", to_state=ticket.status, data={"via": via}
    )
    if files:
        message_add(
            actor=actor,
            ticket=ticket,
            body=ticket.description,
            visibility=Visibility.PUBLIC,
            kind=CUSTOMER,
            files=files,
            via=via,
        )
    customer_email(ticket, "ticket_received", "created", opens_thread=True)
    return ticket


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
    _within_cap(body or "")
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
