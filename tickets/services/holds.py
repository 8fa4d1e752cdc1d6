"""A ticket's dispute hold on its invoice (SPEC §3: an invoice under an open dispute is frozen).

A ticket holds its invoice while it is an open ``invoice_dispute`` (from creation, or from the
moment an invoice is linked) or while its escalation is open; ``Ticket.held_invoice`` records the
hold it took, so each ticket takes and lifts at most one, and several disputes on one invoice add
up (``Invoice.freeze_count``). Call ``hold_sync`` after any change to the ticket, ticket locked.
"""

from billing.services import invoice_freeze, invoice_unfreeze
from core.actors import Actor
from tickets.models import CLOSED_STATES, OPEN_ESCALATION, Category, Ticket


def _should_hold(ticket: Ticket, *, new: bool) -> int | None:
    if not ticket.invoice_id or ticket.status in CLOSED_STATES:
        return None
    if ticket.category == Category.INVOICE_DISPUTE:
        return ticket.invoice_id
    # A ticket being created has no escalation yet: no query to ask.
    if not new and ticket.escalations.filter(status__in=OPEN_ESCALATION).exists():
        return ticket.invoice_id
    return None


def hold_sync(actor: Actor, ticket: Ticket, reason: str, *, new: bool = False) -> None:
    wanted = _should_hold(ticket, new=new)
    if wanted == ticket.held_invoice_id:
        return
    if ticket.held_invoice_id:
        invoice_unfreeze(
            actor=actor, invoice=ticket.held_invoice, reason=f"ticket {ticket.pk}: {reason}"
        )
    if wanted:
        invoice_freeze(actor=actor, invoice=ticket.invoice, reason=f"ticket {ticket.pk}: {reason}")
    ticket.held_invoice_id = wanted
    type(ticket).objects.filter(pk=ticket.pk).update(held_invoice_id=wanted)
