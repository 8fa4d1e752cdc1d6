"""An answer to a customer e-mail that belongs to no ticket (a payment reminder, a final notice, a
suspension or reactivation notice, a credit issued): it opens a ticket linked to the invoice or
subscription that e-mail was about, or lands on the one an earlier answer opened.

What the e-mail was about comes from its reply address (``+i12.…``, ``+s3.…``, ``+c7.…``) or, for
an answer by In-Reply-To, from the outbox row it answers (its idempotency key names the cause:
``invoice:12:…``, ``subscription:3:…``, ``credit-note:5``). Only the customer it was sent to (or
one of their contact addresses) speaks for it; anyone else is held.
"""

from dataclasses import dataclass

from billing.models import CreditNote, Invoice, Subscription
from mailgate.models import InboundEmail
from mailgate.services.common import acceptable_files, speaks_for
from partners.models import Customer
from tickets.models import Category, Ticket, TicketStatus
from tickets.services import customer_reply, customer_ticket_open

Status, Reason = InboundEmail.Status, InboundEmail.Reason
KEY_KINDS = {"invoice": "i", "subscription": "s", "credit-note": "n"}


@dataclass(frozen=True)
class About:
    kind: str  # "i" invoice, "s" subscription, "c" customer, "n" credit note
    id: int


def about_of_key(key: str) -> About | None:
    """What an outbox row was about, from its idempotency key (``invoice:12:reminder:7``)."""
    prefix, _sep, rest = key.partition(":")
    number = rest.partition(":")[0]
    if prefix not in KEY_KINDS or not number.isdigit():
        return None
    return About(KEY_KINDS[prefix], int(number))


@dataclass
class Target:
    customer: Customer
    invoice: Invoice | None = None
    subscription: Subscription | None = None


def _target(partner_id: int, about: About) -> Target | None:
    """The partner's invoice, subscription or customer the answer is about (another partner's:
    nothing)."""
    if about.kind == "i":
        invoice = _mine(Invoice, partner_id, about.id)
        return invoice and Target(invoice.customer, invoice=invoice)
    if about.kind == "s":
        subscription = _mine(Subscription, partner_id, about.id)
        return subscription and Target(subscription.customer, subscription=subscription)
    if about.kind == "n":
        note = _mine(CreditNote, partner_id, about.id, "invoice")
        return note and Target(note.customer, invoice=note.invoice)
    customer = Customer.objects.filter(partner_id=partner_id, pk=about.id).first()
    return customer and Target(customer)


def _mine(model, partner_id: int, pk: int, *related):
    rows = model.objects.filter(partner_id=partner_id, pk=pk)
    return rows.select_related("customer", *related).first()


def billing_answer(row: InboundEmail, about: About, parsed, refusals, why) -> bool:
    """Route an answer about ``about``; ``False`` when it names nothing of the partner's (the
    caller treats it as a new message)."""
    target = _target(row.partner_id, about)
    if target is None:
        return False
    if not speaks_for(target.customer, row.sender):
        _set(row, Status.HELD, Reason.NOT_THE_CUSTOMER)
        return True
    if not parsed.text:
        _set(row, Status.HELD, Reason.EMPTY)
        return True
    files, body = acceptable_files(parsed.attachments, parsed.text, row.partner)
    earlier = _open_ticket_about(target) if target.invoice or target.subscription else None
    try:
        if earlier is not None:
            row.ticket = earlier
            row.ticket_message = customer_reply(ticket=earlier, body=body, files=files, via="email")
            _set(row, Status.ATTACHED, Reason.BILLING_ANSWER)
            return True
        row.ticket = customer_ticket_open(
            customer=target.customer,
            subject=parsed.subject,
            description=body,
            category=Category.BILLING_QUESTION,
            files=files,
            via="email",
            invoice=target.invoice,
            subscription=target.subscription,
        )
    except refusals as exc:
        _set(row, Status.HELD, Reason.REFUSED, why(exc))
        return True
    _set(row, Status.NEW_TICKET, Reason.BILLING_ANSWER)
    return True


def _open_ticket_about(target: Target) -> Ticket | None:
    """The ticket an earlier answer about the same invoice or subscription opened, while open."""
    return (
        Ticket.objects.filter(
            partner_id=target.customer.partner_id,
            customer=target.customer,
            invoice=target.invoice,
            subscription=target.subscription,
            category=Category.BILLING_QUESTION,
        )
        .exclude(status=TicketStatus.CLOSED)
        .select_related("customer", "partner")
        .order_by("-id")
        .first()
    )


def _set(row: InboundEmail, status: str, reason: str, detail: str = "") -> None:
    row.status, row.reason, row.detail = status, reason, detail
