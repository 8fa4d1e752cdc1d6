"""The portal queue's rows with their display strings, computed here as the API list computes its
JSON (plain ``.values()`` rows, one pass): the page's template only prints them, with no tag,
include or filter doing work per row.

The rows come from ``ticket_list`` (the one queue selector: same filters, orders, tenancy), the
clock from ``sla.next_clock`` (the rule the ticket page's clocks use too).
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import get_format
from django.utils.text import capfirst
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _

from core.actors import Actor
from partners.calendar import WorkingCalendar
from tickets.models import Category, Priority, TicketStatus
from tickets.selectors.sla import CLOCK_FIELDS, CLOCK_LABELS, next_clock
from tickets.selectors.tickets import ticket_list

CLOCK_COLUMNS = tuple(field for pair in CLOCK_FIELDS.values() for field in pair)
QUEUE_FIELDS = (
    "id",
    "subject",
    "status",
    "priority",
    "category",
    "updated_at",
    "customer__name",
    "assignee__username",
    "sla_paused_at",
    "sla_left",
    *CLOCK_COLUMNS,
)


class QueueRow(dict):
    """A queue row: its values by key (what templates look up first) or as attributes."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def ticket_queue(*, actor: Actor, filters=None, order: str = "updated"):
    """``ticket_list`` as the columns the queue page shows (``queue_rows`` dresses a page)."""
    return ticket_list(actor=actor, filters=filters, order=order).values(*QUEUE_FIELDS)


def queue_rows(
    rows, *, calendar: WorkingCalendar | None, unread=(), now: datetime | None = None
) -> list[QueueRow]:
    """Each row of a page of ``ticket_queue`` with what its cells say, in the reader's language
    and time zone: the number as text, labels, "updated 3 hours ago", whether it is among the
    ``unread`` ids, and the most pressing clock (state, label, text, due date) or ``None``."""
    now = now or timezone.now()
    short = get_format("SHORT_DATETIME_FORMAT")
    statuses = {value: str(label) for value, label in TicketStatus.choices}
    priorities = {value: str(label) for value, label in Priority.choices}
    categories = {value: capfirst(str(label)) for value, label in Category.choices}
    labels = {name: str(label) for name, label in CLOCK_LABELS.items()}
    url = reverse("ticket-detail", args=[0])[:-2] + "{}/"  # ".../0/" → ".../{}/"
    dressed = []
    for values in rows:
        row = QueueRow(values)
        row["pk"] = row["id"]
        row["number"] = str(row["id"])  # printed as is: no number formatting per cell
        row["unread"] = row["id"] in unread
        row["url"] = url.format(row["id"])
        row["status_label"] = statuses.get(row["status"], row["status"])
        row["priority_label"] = priorities.get(row["priority"], row["priority"])
        row["category_label"] = categories.get(row["category"], row["category"])
        updated = timezone.localtime(row["updated_at"])
        row["updated_iso"] = updated.isoformat()
        row["updated_title"] = date_format(updated, short)
        row["updated_text"] = _("updated %(ago)s ago") % {
            "ago": timesince(row["updated_at"], now, depth=1)
        }
        clock = next_clock(row, now=now, calendar=calendar)
        row["clock"] = clock and clock_cell(clock, labels, short, now)
        dressed.append(row)
    return dressed


def clock_cell(clock: dict, labels: dict, short: str, now: datetime) -> dict:
    """What the queue's clock cell says of a running clock (``includes/clock.html``'s words)."""
    due = timezone.localtime(clock["due"])
    when = date_format(due, short)
    if clock["text"]:
        text, title = clock["text"], _("due %(when)s") % {"when": when}
    elif clock["state"] == "breached":
        text, title = _("overdue by %(ago)s") % {"ago": timesince(due, now, depth=1)}, when
    else:
        text, title = _("due in %(left)s") % {"left": timeuntil(due, now, depth=1)}, when
    return {
        "state": clock["state"],
        "label": labels[clock["name"]],
        "text": text,
        "title": title,
        "due_iso": due.isoformat(),
    }
