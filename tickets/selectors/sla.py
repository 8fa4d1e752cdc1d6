"""A ticket's SLA clocks as a reader sees them: met, running, paused or overdue, with the working
time left or over in the partner's calendar, in words of the reader's language ("3 working hours
left", "overdue by 2 working hours")."""

from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partners.calendar import WorkingCalendar, working_between
from tickets.models import Ticket, TicketStatus

CLOCK_LABELS = {
    "first_response": gettext_lazy("First response"),
    "resolution": gettext_lazy("Resolution"),
    "close_loop": gettext_lazy("Close the loop"),
}
SOON = timedelta(hours=4)  # "due soon" (amber) below this much working time left
CLOCK_FIELDS = {  # name → (deadline field, field that says it was met)
    "first_response": ("first_response_due", "first_responded_at"),
    "resolution": ("resolution_due", "resolved_at"),
    "close_loop": ("close_loop_due", "close_loop_met_at"),
}


def sla_clock(
    ticket: Ticket, name: str, *, now: datetime, calendar: WorkingCalendar | None
) -> dict:
    """One clock: ``state`` (met, none, paused, breached, soon, ok), the working time ``left``
    or ``over``, and ``text`` saying it; without a calendar, wall-clock states and no text."""
    due_field, met_field = CLOCK_FIELDS[name]
    due, met_at = getattr(ticket, due_field), getattr(ticket, met_field)
    clock = {"name": name, "due": due, "met_at": met_at, "left": None, "over": None, "text": ""}
    if met_at is not None:
        return clock | {"state": "met"}
    if due is None:
        return clock | {"state": "none"}
    if ticket.sla_paused_at is not None and name in (ticket.sla_left or {}):
        left = timedelta(seconds=ticket.sla_left[name])
        return clock | {"state": "paused", "left": left, "text": paused_text(ticket, left)}
    if calendar is None:
        state = "breached" if due < now else ("soon" if due - now < SOON else "ok")
        return clock | {"state": state}
    if due < now:
        over = working_between(calendar, due, now)
        return clock | {"state": "breached", "over": over, "text": working_time_text(over, True)}
    left = working_between(calendar, now, due)
    state = "soon" if left < SOON else "ok"
    return clock | {"state": state, "left": left, "text": working_time_text(left, False)}


def sla_clocks(ticket: Ticket, *, now: datetime, calendar: WorkingCalendar | None) -> list[dict]:
    """The clocks that apply (close-the-loop only once the operator has answered)."""
    return [
        sla_clock(ticket, name, now=now, calendar=calendar)
        for name in CLOCK_FIELDS
        if name != "close_loop" or ticket.close_loop_due
    ]


def next_clock(ticket, *, now: datetime, calendar: WorkingCalendar | None) -> dict | None:
    """The most pressing clock still running (the queue's column): broken first, then the nearest
    deadline; none once the ticket is resolved or closed, or when every clock is met or unset."""
    if ticket.status in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        return None
    running = [
        clock
        for clock in sla_clocks(ticket, now=now, calendar=calendar)
        if clock["state"] not in ("met", "none")
    ]
    running.sort(key=lambda c: (c["state"] != "breached", c["state"] == "paused", c["due"]))
    return running[0] if running else None


def working_time_text(amount: timedelta, overdue: bool) -> str:
    """Whole working hours, or minutes under an hour (at least one)."""
    hours = int(amount.total_seconds() // 3600)
    if hours:
        if overdue:
            text = ngettext(
                "overdue by %(count)d working hour", "overdue by %(count)d working hours", hours
            )
        else:
            text = ngettext("%(count)d working hour left", "%(count)d working hours left", hours)
        return text % {"count": hours}
    minutes = max(1, int(amount.total_seconds() // 60))
    if overdue:
        text = ngettext(
            "overdue by %(count)d working minute", "overdue by %(count)d working minutes", minutes
        )
    else:
        text = ngettext("%(count)d working minute left", "%(count)d working minutes left", minutes)
    return text % {"count": minutes}


def paused_text(ticket: Ticket, left: timedelta) -> str:
    left_text = working_time_text(left, False)
    if ticket.status == TicketStatus.ESCALATED:
        return _("%(left)s, paused while the operator has it") % {"left": left_text}
    return _("%(left)s, paused while waiting on the customer") % {"left": left_text}
