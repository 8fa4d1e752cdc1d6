"""The e-mails a ticket's life sends (SPEC §5), always through the outbox, never with internal
notes.

Keys are stable per cause (a ticket, a message, an escalation), so a retried service call or a
re-run task finds the first outbox row instead of queuing a second e-mail.
"""

from django.conf import settings
from django.urls import reverse

from notifications.services import notification_queue, notify_partner_members
from partners.selectors import user_language
from tickets.models import Ticket
from tickets.reply_address import reply_address


def status_url(ticket: Ticket) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("ticket-status", args=[ticket.status_token])


def partner_ticket_url(ticket: Ticket) -> str:
    # The partner portal's ticket page; members follow it from e-mails.
    return settings.SITE_URL.rstrip("/") + ticket.get_absolute_url()


def customer_email(
    ticket: Ticket, kind: str, cause: str, *, opens_thread: bool = False, **context
) -> None:
    """Queue ``kind`` to the ticket's customer, in their language; ``cause`` makes the key
    unique. ``opens_thread``: the ticket's first e-mail (no earlier one to answer)."""
    customer = ticket.customer
    notification_queue(
        partner=ticket.partner,
        kind=kind,
        recipient=customer.email,
        language=customer.language,
        context={
            "customer_name": customer.name,
            "ticket_id": ticket.pk,
            "subject": ticket.subject,
            "status_url": status_url(ticket),
            **context,
        },
        key=f"ticket:{ticket.pk}:{kind}:{cause}",
        thread=f"ticket:{ticket.pk}",
        opens_thread=opens_thread,
        reply_to=reply_address(ticket),
    )


def members_email(
    ticket: Ticket, kind: str, key: str, context: dict, *, roles=("admin", "agent")
) -> None:
    """Queue ``kind`` to the partner's members with ``roles``, and to the assignee in any case."""
    context = {
        "ticket_id": ticket.pk,
        "subject": ticket.subject,
        "ticket_url": partner_ticket_url(ticket),
        **context,
    }
    notify_partner_members(partner=ticket.partner, kind=kind, context=context, key=key, roles=roles)
    assignee = ticket.assignee
    if assignee is not None and assignee.email:
        # Same key shape as notify_partner_members: an assignee who is also an admin gets one
        # e-mail.
        notification_queue(
            partner=ticket.partner,
            kind=kind,
            recipient=assignee.email,
            language=user_language(assignee) or ticket.partner.default_language,
            context=context,
            key=f"{key}:user:{assignee.pk}",
        )
