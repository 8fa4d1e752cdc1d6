"""A bounce matched to one of our e-mails: the partner's users are told in their activity inbox,
pointing at what the e-mail was about — its ticket, or (an e-mail of no ticket: a payment
reminder, a final notice, a suspension notice) its customer.

What the e-mail was about comes from the outbox row: its thread (``ticket:12``) or its idempotency
key (``ticket:12:…``, ``escalation:5:…``, ``invoice:12:…``, ``subscription:3:…``,
``credit-note:5``), else the partner's customer it was addressed to. An e-mail about nothing the
partner holds (a statement from the operator, a sign-in code) tells nobody.
"""

from mailgate.services.answers import _target, about_of_key
from notifications.activity import ActivityKind, activity_record
from notifications.models import Notification
from partners.models import Customer
from tickets.models import Escalation, Ticket


def bounce_activity_record(*, notification: Notification) -> list:
    """In the caller's transaction: one activity per user the bounced e-mail's target tells."""
    if notification.partner_id is None:
        return []
    target = _bounced_ticket(notification) or _bounced_customer(notification)
    if target is None:
        return []
    name = target.subject if isinstance(target, Ticket) else target.name
    summary = f"{notification.recipient} · {name}" if notification.recipient else name
    return activity_record(kind=ActivityKind.EMAIL_BOUNCED, target=target, summary=summary)


def _bounced_ticket(notification: Notification) -> Ticket | None:
    partner_id = notification.partner_id
    for named in (notification.thread, notification.idempotency_key):
        kind, _sep, rest = named.partition(":")
        number = rest.partition(":")[0]
        if not number.isdigit():
            continue
        if kind == "ticket":
            return Ticket.objects.filter(partner_id=partner_id, pk=number).first()
        if kind == "escalation":
            found = Escalation.objects.filter(partner_id=partner_id, pk=number)
            escalation = found.select_related("ticket").first()
            return escalation.ticket if escalation else None
    return None


def _bounced_customer(notification: Notification) -> Customer | None:
    about = about_of_key(notification.idempotency_key)
    if about is not None:
        target = _target(notification.partner_id, about)
        return target.customer if target else None
    if not notification.recipient:
        return None
    customers = Customer.objects.filter(
        partner_id=notification.partner_id, email__iexact=notification.recipient
    )
    return customers.order_by("id").first()
