"""Presentation of ticket deadlines: an SLA clock says whether a promise is met, due, soon due or
broken.
"""

from django import template
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil

from tickets.models import Ticket
from tickets.selectors.sla import CLOCK_LABELS, sla_clock
from tickets.selectors.sla import next_clock as most_pressing

register = template.Library()


def clock(ticket, name: str, now=None) -> dict:
    """The clock in working time when the ticket's partner came with it (no query for it)."""
    calendar = ticket.partner.calendar if Ticket.partner.is_cached(ticket) else None
    found = sla_clock(ticket, name, now=now or timezone.now(), calendar=calendar)
    return found | {"label": CLOCK_LABELS[name]}


@register.inclusion_tag("portal/tickets/includes/clock.html", name="sla_clock")
def sla_clock_tag(ticket, name: str, show_label: bool = True):
    """``{% sla_clock ticket "first_response" %}`` → a coloured clock with words (never colour
    alone).
    """
    return {"clock": clock(ticket, name), "show_label": show_label}


@register.simple_tag
def ticket_clocks(ticket) -> list[dict]:
    """The clocks that apply to ``ticket`` (close-the-loop only once the operator has answered)."""
    now = timezone.now()
    return [
        clock(ticket, name, now)
        for name in CLOCK_LABELS
        if name != "close_loop" or ticket.close_loop_due
    ]


@register.inclusion_tag("portal/tickets/includes/clock.html")
def next_clock(ticket):
    """The most pressing clock still running (for the queue): broken first, then the nearest
    deadline.
    """
    calendar = ticket.partner.calendar if Ticket.partner.is_cached(ticket) else None
    found = most_pressing(ticket, now=timezone.now(), calendar=calendar)
    found = found and found | {"label": CLOCK_LABELS[found["name"]]}
    return {"clock": found, "show_label": True}


@register.inclusion_tag("portal/tickets/includes/clock.html")
def late_clock(ticket):
    """The dashboard's SLA breach: the first response while it is owed and late, else the
    resolution — in the partner's working time, like the ticket page."""
    now = timezone.now()
    first = clock(ticket, "first_response", now)
    late = first if first["state"] == "breached" else clock(ticket, "resolution", now)
    return {"clock": late, "show_label": True}


@register.filter
def ago(value):
    """How long ago, in its largest unit only ("3 hours"): a queue row has no room for "3 hours, 2
    minutes".
    """
    return timesince(value, depth=1) if value else ""


@register.filter
def until(value):
    return timeuntil(value, depth=1) if value else ""
