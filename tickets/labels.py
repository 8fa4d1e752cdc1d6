"""Words for this app's audit actions and states, as the timeline of every page shows them."""

from django.utils.translation import gettext_lazy as _

from tickets.models import EscalationStatus, Outcome, TicketStatus

EVENT_LABELS = {
    "assigned": _("assigned"),
    "start_work": _("work started"),
    "wait_on_customer": _("waiting on the customer"),
    "resume": _("back from the customer"),
    "escalate": _("escalated"),
    "return_from_operator": _("back from the operator"),
    "resolve": _("resolved"),
    "reopen": _("reopened"),
    "close": _("closed"),
    "sla_breached": _("SLA breached"),
    "submitted": _("escalation submitted"),
    "take": _("taken by the operator"),
    "request_info": _("information requested"),
    "answer": _("partner answered"),
    "withdraw": _("withdrawn"),
    "message_posted": _("message posted"),
}

STATE_CHOICES = {"ticket": TicketStatus.choices, "escalation": EscalationStatus.choices}

# Reasons stored as a code (the escalation's outcome), by (object type, action).
REASON_CHOICES = {
    ("escalation", "resolve"): Outcome.choices,
    ("ticket", "return_from_operator"): Outcome.choices,
}
