"""Every write of the tickets app. Views, admin, tasks and the demo call only these."""

from tickets.services.canned import canned_reply_create, canned_reply_delete, canned_reply_update
from tickets.services.customer import (
    customer_confirm,
    customer_reject,
    customer_reply,
    customer_ticket_open,
)
from tickets.services.escalations import (
    escalation_answer,
    escalation_request_info,
    escalation_resolve,
    escalation_take,
    escalation_withdraw,
)
from tickets.services.report_snapshots import report_snapshots_build, report_snapshots_refresh
from tickets.services.sla import sla_check
from tickets.services.tickets import (
    ticket_assign,
    ticket_close,
    ticket_create,
    ticket_escalate,
    ticket_reopen,
    ticket_reply,
    ticket_resolve,
    ticket_wait_on_customer,
    tickets_auto_close,
)
from tickets.services.update import ticket_update

__all__ = [
    "canned_reply_create",
    "canned_reply_delete",
    "canned_reply_update",
    "customer_confirm",
    "customer_reject",
    "customer_reply",
    "customer_ticket_open",
    "escalation_answer",
    "escalation_request_info",
    "escalation_resolve",
    "escalation_take",
    "escalation_withdraw",
    "report_snapshots_build",
    "report_snapshots_refresh",
    "sla_check",
    "tickets_auto_close",
    "ticket_assign",
    "ticket_close",
    "ticket_create",
    "ticket_escalate",
    "ticket_reopen",
    "ticket_reply",
    "ticket_resolve",
    "ticket_update",
    "ticket_wait_on_customer",
]
