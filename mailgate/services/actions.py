"""What the partner's agents do with a held message: attach it, open a ticket, discard it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.actors import Actor
from core.audit import event_record
from core.errors import InvalidTransition
from mailgate.models import InboundEmail
from mailgate.parsing import NotAMessage, parse
from mailgate.services.common import acceptable_files
from partners.models import Customer
from tickets.models import Category, Channel, Ticket
from tickets.services import customer_reply, ticket_create

Status, Reason = InboundEmail.Status, InboundEmail.Reason


def _held(actor: Actor, inbound: InboundEmail) -> InboundEmail:
    actor.require_partner_user(message=_("Only partner users may do this."))
    actor.require_member_of(inbound.partner_id)
    row = InboundEmail.objects.select_for_update().get(pk=inbound.pk)
    if row.status != Status.HELD:
        raise InvalidTransition(
            _("Only a held e-mail can be handled; this one is %(status)s.")
            % {"status": row.get_status_display()}
        )
    return row


def _held_files(row: InboundEmail):
    """The message's attachments, read again from its raw file (while it is kept), through the
    same rules as uploads: ``(files kept, body with a note per refused file)``."""
    if not row.raw:
        return [], row.body
    try:
        with row.raw.open("rb") as raw:
            attachments = parse(raw.read()).attachments
    except (OSError, NotAMessage):  # the file went missing: the text is all there is
        return [], row.body
    return acceptable_files(attachments, row.body, row.partner)


def _done(actor: Actor, row: InboundEmail, before: str, action: str) -> InboundEmail:
    row.save()
    event_record(actor=actor, obj=row, action=action, from_state=before, to_state=row.status)
    return row


@transaction.atomic
def inbound_attach(*, actor: Actor, inbound: InboundEmail, ticket: int) -> InboundEmail:
    """The agent vouches for the sender: the text becomes the customer's message on ``ticket``."""
    row = _held(actor, inbound)
    target = Ticket.objects.for_actor(actor).filter(pk=ticket).first()
    if target is None:
        raise ValidationError({"ticket": [_("Unknown %(field)s.") % {"field": "ticket"}]})
    files, body = _held_files(row)
    row.ticket_message = customer_reply(ticket=target, body=body, files=files, via="email")
    row.ticket, row.status = target, Status.ATTACHED
    return _done(actor, row, Status.HELD, "attached")


@transaction.atomic
def inbound_create_ticket(
    *, actor: Actor, inbound: InboundEmail, customer: int, category: str
) -> InboundEmail:
    """A ticket for one of the partner's customers, with the message as its description."""
    row = _held(actor, inbound)
    if category not in Category.values:
        raise ValidationError(
            {"category": [_("Choose one of: %(values)s.") % {"values": ", ".join(Category.values)}]}
        )
    if not Customer.objects.for_actor(actor).filter(pk=customer).exists():
        raise ValidationError({"customer": [_("Unknown %(field)s.") % {"field": "customer"}]})
    files, body = _held_files(row)
    row.ticket = ticket_create(
        actor=actor,
        customer=customer,
        category=category,
        subject=(row.subject or row.sender)[:200],
        description=body or row.subject or row.sender,
        channel=Channel.EMAIL,
    )
    if files:  # as when the customer's own e-mail opens a ticket: their files on their message
        row.ticket_message = customer_reply(
            ticket=row.ticket, body=row.ticket.description, files=files, via="email"
        )
    row.status = Status.NEW_TICKET
    return _done(actor, row, Status.HELD, "ticket_created")


@transaction.atomic
def inbound_discard(*, actor: Actor, inbound: InboundEmail) -> InboundEmail:
    row = _held(actor, inbound)
    row.status, row.reason = Status.IGNORED, Reason.DISCARDED
    return _done(actor, row, Status.HELD, "discarded")
