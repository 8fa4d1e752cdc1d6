"""Reads of the outbox, always scoped to the actor (a partner sees only its own e-mails)."""

from core.actors import Actor
from notifications.models import Notification


def notification_list(*, actor: Actor):
    # The bodies can be large and no list shows them.
    return (
        Notification.objects.for_actor(actor)
        .defer("body_text", "body_html")
        .order_by("-created_at", "-id")
    )
