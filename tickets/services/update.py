"""Changing what a ticket is about: its category and its invoice. A dispute's hold on its invoice
follows (``tickets.services.holds``)."""

from django.db import transaction

from billing.models import Invoice
from core.actors import Actor
from core.audit import event_record
from tickets.models import Ticket
from tickets.services.common import lock_ticket, require_member_of_owner
from tickets.services.holds import hold_sync
from tickets.services.messages import refuse_if_closed
from tickets.services.tickets import customers_object

UNSET = object()


@transaction.atomic
def ticket_update(*, actor: Actor, ticket: Ticket, category=UNSET, invoice=UNSET) -> Ticket:
    """Re-file the ticket (``category``) or link / unlink its invoice (an id, or None)."""
    require_member_of_owner(actor, ticket)
    ticket = lock_ticket(ticket)
    refuse_if_closed(ticket)
    before = {"category": ticket.category, "invoice": ticket.invoice_id}
    if category is not UNSET:
        ticket.category = category
    if invoice is not UNSET:
        ticket.invoice = customers_object(
            Invoice.objects, actor, invoice, "invoice", ticket.customer
        )
    ticket.full_clean(exclude=["status"])
    ticket.save()
    after = {"category": ticket.category, "invoice": ticket.invoice_id}
    if after != before:
        event_record(
            actor=actor,
            obj=ticket,
            action="updated",
            from_state=ticket.status,
            to_state=ticket.status,
            data={"from": before, "to": after},
        )
        hold_sync(actor, ticket, "category or invoice changed")
    return ticket
