"""Escalations: the operator's queue across partners and each partner's own (one selector for the
API and the console), and one case with what its page and its API detail show.
"""

from django.db.models import Prefetch

from billing.models import Invoice
from core.actors import Actor
from partners.models import Event
from tickets.models import Escalation
from tickets.selectors.filters import EscalationFilters
from tickets.selectors.threads import OPERATOR_VISIBLE, messages_for


def escalation_list(*, actor: Actor, filters=None):
    """Escalations filtered by ``filters`` (``EscalationFilters`` data: the API's query string or
    the console form's values). The operator's queue is oldest first (first come, first served); a
    partner sees newest first. Everything a row of the console shows comes in the same query.
    """
    qs = EscalationFilters(filters, queryset=Escalation.objects.for_actor(actor)).qs
    order = ("created_at", "id") if actor.is_operator else ("-created_at", "-id")
    return qs.select_related("partner", "ticket", "ticket__customer", "operator_assignee").order_by(
        *order
    )


def escalation_detail(*, actor: Actor):
    """The case as the operator sees it, for either side: public and operator messages, never
    internal ones (they are not even fetched, so no page or serializer can show them).
    """
    messages = messages_for(actor).filter(visibility__in=OPERATOR_VISIBLE)
    return (
        Escalation.objects.for_actor(actor)
        .select_related(
            "partner",
            "ticket",
            "ticket__customer",
            "ticket__invoice",
            "ticket__subscription",
            "operator_assignee",
            "created_by",
        )
        .prefetch_related(
            Prefetch("ticket__messages", queryset=messages, to_attr="visible_messages")
        )
    )


def escalation_events(*, actor: Actor, escalation: Escalation, limit: int = 50):
    return (
        Event.objects.for_actor(actor)
        .filter(object_type="escalation", object_id=escalation.pk)
        .select_related("actor")
        .order_by("-created_at", "-id")[:limit]
    )


def escalation_invoice(*, actor: Actor, escalation: Escalation):
    """The disputed invoice of a case, for the operator deciding a credit: only the invoice the
    partner escalated, never one reached by its own id (the operator works the escalation queue,
    not the partners' books). ``None`` when the ticket names no invoice."""
    if escalation.ticket.invoice_id is None:
        return None
    return (
        Invoice.objects.for_actor(actor)
        .select_related("customer", "partner", "subscription")
        .get(pk=escalation.ticket.invoice_id)
    )
