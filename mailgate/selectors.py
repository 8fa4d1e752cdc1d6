"""Reads of the inbound channel: one list, for the API and the "Inbound e-mail" page alike.

Partner users only, their own partner's: customer mail that is not on a ticket is not public, so
the operator does not see it (SPEC: the operator sees public and operator messages only).
"""

import django_filters
from django.db.models import Q

from core.actors import Actor
from mailgate.models import InboundEmail


class InboundEmailFilters(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=InboundEmail.Status.choices, distinct=False
    )

    class Meta:
        model = InboundEmail
        fields = ["status"]


def inbound_email_list(*, actor: Actor, filters=None):
    if not actor.is_partner_user:
        return InboundEmail.objects.none()
    rows = InboundEmail.objects.for_actor(actor)
    return InboundEmailFilters(filters or {}, queryset=rows).qs


def inbound_email_detail(*, actor: Actor):
    if not actor.is_partner_user:
        return InboundEmail.objects.none()
    return InboundEmail.objects.for_actor(actor)


def ticket_email_sources(*, actor: Actor, ticket) -> dict:
    """What of ``ticket`` came by e-mail: ``{message id: row}``, and ``"request"`` for the
    description of a ticket an e-mail opened. One query. The operator gets only what is public
    (a customer's message and request are; nothing else ever comes by e-mail)."""
    rows = InboundEmail.objects.for_actor(actor).filter(
        ticket=ticket, status__in=[InboundEmail.Status.ATTACHED, InboundEmail.Status.NEW_TICKET]
    )
    if not actor.is_partner_user:
        opened = Q(status=InboundEmail.Status.NEW_TICKET, ticket_message__isnull=True)
        rows = rows.filter(Q(ticket_message__visibility="public") | opened)
    sources = {}
    fields = ("pk", "status", "sender", "received_at", "via", "headers", "ticket_message")
    for row in rows.only(*fields).order_by("id"):
        if row.ticket_message_id is not None:
            sources.setdefault(row.ticket_message_id, row)
        if row.status == InboundEmail.Status.NEW_TICKET:
            sources.setdefault("request", row)
    return sources
