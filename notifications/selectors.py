"""Reads of the outbox, always scoped to the actor (a partner sees only its own e-mails)."""

from django.db.models import OuterRef, Subquery

from core.actors import Actor
from notifications.models import Notification

DELIVERED = [Notification.Status.SENT, Notification.Status.BOUNCED]  # what reached a server


def notification_list(*, actor: Actor):
    # The bodies can be large and no list shows them.
    return (
        Notification.objects.for_actor(actor)
        .defer("body_text", "body_html")
        .order_by("-created_at", "-id")
    )


def thread_bounces(*, actor: Actor, thread: str):
    """The e-mails of a conversation (``"ticket:12"``) that bounced, oldest first."""
    return (
        notification_list(actor=actor)
        .filter(thread=thread, status=Notification.Status.BOUNCED)
        .order_by("created_at", "id")
    )


def last_email_bounce_of(*, actor: Actor, recipient: str):
    """A subquery: the bounce status code of the last e-mail (sent or bounced) to ``recipient``
    (an ``OuterRef``), ``""`` when it was delivered, ``NULL`` when none was sent."""
    last = (
        Notification.objects.for_actor(actor)
        .filter(recipient=recipient, status__in=DELIVERED)
        .order_by("-created_at", "-id")
        .values("bounce_status")[:1]
    )
    return Subquery(last)


def last_bounces(*, actor: Actor, addresses: list[str]) -> dict:
    """``{address: notification}`` for each address whose last e-mail (sent or bounced)
    bounced: what a page warns about. One query, whatever the number of addresses."""
    rows = (
        notification_list(actor=actor)
        .filter(recipient__in=addresses, status=Notification.Status.BOUNCED)
        .filter(
            pk=Notification.objects.for_actor(actor)
            .filter(recipient=OuterRef("recipient"), status__in=DELIVERED)
            .order_by("-created_at", "-id")
            .values("pk")[:1]
        )
    )
    return {row.recipient: row for row in rows}
