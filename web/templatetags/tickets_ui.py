"""Presentation of ticket deadlines: an SLA clock says whether a promise is met, due, soon due or
broken.
"""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext_lazy as _

register = template.Library()

SOON = timedelta(hours=4)  # "due soon" (amber) below this much time left
CLOCKS = {  # name → (label, deadline field, field that says it was met)
    "first_response": (_("First response"), "first_response_due", "first_responded_at"),
    "resolution": (_("Resolution"), "resolution_due", "resolved_at"),
    "close_loop": (_("Close the loop"), "close_loop_due", "close_loop_met_at"),
}


def clock_state(due, met_at, now) -> str:
    if met_at is not None:
        return "met"
    if due is None:
        return "none"
    if due < now:
        return "breached"
    return "soon" if due - now < SOON else "ok"


def clock(ticket, name: str, now=None) -> dict:
    label, due_field, met_field = CLOCKS[name]
    due, met_at = getattr(ticket, due_field), getattr(ticket, met_field)
    return {
        "name": name,
        "label": label,
        "due": due,
        "met_at": met_at,
        "state": clock_state(due, met_at, now or timezone.now()),
    }


@register.inclusion_tag("portal/tickets/includes/clock.html")
def sla_clock(ticket, name: str, show_label: bool = True):
    """``{% sla_clock ticket "first_response" %}`` → a coloured clock with words (never colour
    alone).
    """
    return {"clock": clock(ticket, name), "show_label": show_label}


@register.simple_tag
def ticket_clocks(ticket) -> list[dict]:
    """The clocks that apply to ``ticket`` (close-the-loop only once the operator has answered)."""
    now = timezone.now()
    return [
        clock(ticket, name, now) for name in CLOCKS if name != "close_loop" or ticket.close_loop_due
    ]


@register.inclusion_tag("portal/tickets/includes/clock.html")
def next_clock(ticket):
    """The most pressing clock still running (for the queue): broken first, then the nearest
    deadline.
    """
    running = [c for c in ticket_clocks(ticket) if c["state"] not in ("met", "none")]
    if ticket.status in ("resolved", "closed"):
        running = []
    running.sort(key=lambda c: (c["state"] != "breached", c["due"]))
    return {"clock": running[0] if running else None, "show_label": True}


@register.filter
def ago(value):
    """How long ago, in its largest unit only ("3 hours"): a queue row has no room for "3 hours, 2
    minutes".
    """
    return timesince(value, depth=1) if value else ""


@register.filter
def until(value):
    return timeuntil(value, depth=1) if value else ""
