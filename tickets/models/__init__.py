"""Tickets a partner works for its customers, their messages, and escalations to the operator."""

from tickets.models.escalations import OPEN_ESCALATION, Escalation, EscalationStatus, Outcome
from tickets.models.messages import Attachment, CannedReply, Message, Visibility
from tickets.models.report_snapshots import (
    AGING_COLUMNS,
    SNAPSHOT_MODELS,
    ReportAging,
    ReportDay,
    ReportDuration,
    ReportEscalation,
    ReportMix,
    ReportRecovery,
    ReportSales,
    ReportSla,
)
from tickets.models.saved_views import SavedView
from tickets.models.search import TicketSearch
from tickets.models.tickets import (
    CLOSED_STATES,
    DEFAULT_FIRST_RESPONSE_HOURS,
    DEFAULT_RESOLUTION_HOURS,
    ESCALABLE_CATEGORIES,
    Category,
    Channel,
    DeskSettings,
    Priority,
    Ticket,
    TicketStatus,
    new_status_token,
)

__all__ = [
    "AGING_COLUMNS",
    "SNAPSHOT_MODELS",
    "ReportAging",
    "ReportDay",
    "ReportDuration",
    "ReportEscalation",
    "ReportMix",
    "ReportRecovery",
    "ReportSales",
    "ReportSla",
    "CLOSED_STATES",
    "DEFAULT_FIRST_RESPONSE_HOURS",
    "DEFAULT_RESOLUTION_HOURS",
    "ESCALABLE_CATEGORIES",
    "OPEN_ESCALATION",
    "Attachment",
    "CannedReply",
    "Category",
    "Channel",
    "DeskSettings",
    "Escalation",
    "EscalationStatus",
    "Message",
    "Outcome",
    "Priority",
    "SavedView",
    "Ticket",
    "TicketSearch",
    "TicketStatus",
    "Visibility",
    "new_status_token",
]
