"""Reads of the tickets app, always scoped to the actor (``for_actor``) and never N+1.

One selector per list, fed by one filter set (``filters.py``) whatever asks, the API or a page;
one detail selector per object. Who sees which messages is decided in ``threads.py`` only.
"""

from tickets.selectors.dashboard import close_loop_owed, sla_breaches, ticket_status_counts
from tickets.selectors.escalations import (
    escalation_detail,
    escalation_events,
    escalation_invoice,
    escalation_list,
)
from tickets.selectors.filters import ACTIVE, ALL, OPEN, EscalationFilters, TicketFilters
from tickets.selectors.status_page import (
    status_page_attachment,
    status_page_messages,
    status_page_ticket,
)
from tickets.selectors.threads import (
    OPERATOR_VISIBLE,
    attachment_for,
    canned_replies_in,
    canned_reply_list,
    messages_for,
    ticket_messages,
    visible_visibilities,
)
from tickets.selectors.tickets import (
    QUEUE_ORDERS,
    customer_counts,
    customer_tickets,
    ticket_detail,
    ticket_events,
    ticket_list,
    with_priority_rank,
)

__all__ = [
    "ACTIVE",
    "ALL",
    "OPEN",
    "OPERATOR_VISIBLE",
    "QUEUE_ORDERS",
    "EscalationFilters",
    "TicketFilters",
    "attachment_for",
    "canned_replies_in",
    "canned_reply_list",
    "close_loop_owed",
    "customer_counts",
    "customer_tickets",
    "escalation_detail",
    "escalation_events",
    "escalation_invoice",
    "escalation_list",
    "messages_for",
    "sla_breaches",
    "status_page_attachment",
    "status_page_messages",
    "status_page_ticket",
    "ticket_detail",
    "ticket_events",
    "ticket_list",
    "ticket_messages",
    "ticket_status_counts",
    "visible_visibilities",
    "with_priority_rank",
]
