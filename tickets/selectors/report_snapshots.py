"""Reading the stored days of the reports (tickets.models.report_snapshots).

``split`` cuts a report's period in two: the days already built (read from the stored rows,
summed in the database, every partner at once for the operator) and the rest — today, or days
not built yet — which the report computes from the tickets and invoices as before. Only a
leading run of built days is read from storage, so each half is one date range.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum
from django.utils import timezone

from core.actors import Actor
from core.periods import Period, ReportFilters
from tickets.models import ReportDay


@dataclass(frozen=True)
class Split:
    stored: Period | None  # built days, read from the stored rows
    live: Period | None  # the rest, computed from the source rows


def split(period: Period) -> Split:
    """One query: the built days of ``period`` in the current time zone."""
    built = set(
        ReportDay.objects.filter(
            time_zone=timezone.get_current_timezone_name(),
            day__gte=period.start,
            day__lte=period.end,
        ).values_list("day", flat=True)
    )
    day = period.start
    while day <= period.end and day in built:
        day += timedelta(days=1)
    stored = Period(period.start, day - timedelta(days=1)) if day > period.start else None
    live = Period(day, period.end) if day <= period.end else None
    return Split(stored, live)


def stored(model, actor: Actor, filters: ReportFilters, period: Period):
    """The model's rows of the actor's partner (or the chosen one; every one for the operator)
    for the days of ``period``."""
    rows = model.objects.for_actor(actor).filter(day__gte=period.start, day__lte=period.end)
    return rows.filter(partner_id=filters.partner) if filters.partner else rows


def summed(rows, keys: list[str], fields: dict[str, str]) -> list[dict]:
    """``rows`` grouped by ``keys``, each of ``fields`` (output name → column) summed: one
    query, the grouped rows as dicts."""
    sums = {f"sum_{name}": Sum(column) for name, column in fields.items()}
    return [
        {**{key: row[key] for key in keys}, **{name: row[f"sum_{name}"] for name in fields}}
        for row in rows.values(*keys).annotate(**sums).order_by()
    ]


def as_date(value) -> date:
    """A date column as read back (SQLite may give text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def live_filters(filters: ReportFilters, part: Split) -> ReportFilters:
    return ReportFilters(part.live, partner=filters.partner)
