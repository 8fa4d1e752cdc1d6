"""The service reports: SLA attainment by week, times to first response and resolution, tickets
by category and channel, escalation outcomes and credits — and the collections reports
(billing/selectors/reports.py, read through the stored days by report_collections.py).

Every figure is an aggregate the database computes (grouped ``COUNT``/``SUM``, percentiles over
a histogram by window functions); Python only reshapes the grouped rows. The days already built
by the nightly ``report_snapshots_build`` are read from their stored rows, the others (today)
from the tickets and invoices, by the same grouped queries the build runs (``*_counts`` below):
the figures are the same either way. The number of queries is fixed per report, whatever the
number of tickets. Rows are plain dicts with the keys of ``COLUMNS`` — the JSON rows, the CSV
columns and the page's tables alike.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate, TruncWeek
from django.utils import timezone

from billing.models import CreditNote
from billing.selectors import reports as billing_reports
from core.actors import Actor
from core.periods import ReportFilters
from core.queries import Centihours, MondayOf, Seconds, histogram_percentiles
from tickets.models import (
    Category,
    Channel,
    Escalation,
    EscalationStatus,
    Outcome,
    ReportDuration,
    ReportEscalation,
    ReportMix,
    ReportSla,
    Ticket,
)
from tickets.selectors import report_collections as collections
from tickets.selectors import report_snapshots as snapshots
from tickets.selectors.report_snapshots import Split

# sla → (deadline column, when it was met, the breach stamp)
SLA_COLUMNS = {
    "first_response": ("first_response_due", "first_responded_at", "first_response_breached_at"),
    "resolution": ("resolution_due", "resolved_at", "resolution_breached_at"),
    "close_loop": ("close_loop_due", "close_loop_met_at", "close_loop_breached_at"),
}
# measure → the moment that ends the clock started when the ticket was opened
DURATIONS = {"first_response": "first_responded_at", "resolution": "resolved_at"}
FRACTIONS = (0.5, 0.9)
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)

COLUMNS = {
    "sla-attainment": ["week", "sla", "met", "missed", "open", "attainment"],
    "response-times": ["week", "measure", "tickets", "median_hours", "p90_hours"],
    "tickets-by-category": ["category", "tickets"],
    "tickets-by-channel": ["channel", "tickets"],
    "escalations": ["outcome", "escalations", "currency", "credits"],
}


def report_tickets(actor: Actor, filters: ReportFilters):
    tickets = Ticket.objects.for_actor(actor)
    return tickets.filter(partner_id=filters.partner) if filters.partner else tickets


def _week(column: str):
    return TruncWeek(column, tzinfo=timezone.get_current_timezone())


def local_day(column: str):
    """The day of a moment in the current time zone, in the database."""
    return TruncDate(column, tzinfo=timezone.get_current_timezone())


def _day(value) -> date | None:
    return timezone.localtime(value).date() if value is not None else None


def _split(filters: ReportFilters, part: Split | None) -> Split:
    return part or snapshots.split(filters.period)


# --- the grouped queries, shared by the reports (today's days) and the nightly build ---


def sla_counts(tickets, sla: str, bounds, now, *fields, **expressions):
    """Targets of ``sla`` due within ``bounds``: met in time, missed (breached, met late or
    overdue at ``now``), all of them; grouped by ``fields``/``expressions``."""
    due, done, stamp = SLA_COLUMNS[sla]
    met = Q(**{f"{done}__lte": F(due), f"{stamp}__isnull": True})
    missed = (
        Q(**{f"{stamp}__isnull": False})
        | Q(**{f"{done}__gt": F(due)})
        | Q(**{f"{done}__isnull": True, f"{due}__lt": now})
    )
    start, end = bounds
    return (
        tickets.filter(**{f"{due}__gte": start, f"{due}__lt": end})
        .values(*fields, **expressions)
        .annotate(met=Count("pk", filter=met), missed=Count("pk", filter=missed), total=Count("pk"))
        .order_by()
    )


def duration_counts(tickets, measure: str, bounds, *fields, **expressions):
    """Tickets opened within ``bounds`` with a first response / resolution, by how long it
    took in hundredths of an hour (``centihours``) and ``fields``/``expressions``."""
    column = DURATIONS[measure]
    start, end = bounds
    return (
        tickets.filter(created_at__gte=start, created_at__lt=end)
        .filter(**{f"{column}__isnull": False})
        .values(*fields, **expressions, centihours=Centihours(Seconds(F(column), F("created_at"))))
        .annotate(n=Count("pk"))
        .order_by()
    )


def mix_counts(tickets, bounds, *fields, **expressions):
    start, end = bounds
    return (
        tickets.filter(created_at__gte=start, created_at__lt=end)
        .values(*fields, "category", "channel", **expressions)
        .annotate(n=Count("pk"))
        .order_by()
    )


def escalation_counts(escalations, bounds, *fields, **expressions):
    """Escalations decided (resolved) or withdrawn within ``bounds``, per status, outcome and
    credit currency (the invoice's, or else the credit note's): how many, credits granted.
    Withdrawn escalations have no date of their own: their last change stands for it."""
    start, end = bounds
    note_currency = CreditNote.objects.filter(escalation_id=OuterRef("pk")).values("currency")[:1]
    decided = Q(status=EscalationStatus.RESOLVED, resolved_at__gte=start, resolved_at__lt=end)
    withdrawn = Q(status=EscalationStatus.WITHDRAWN, updated_at__gte=start, updated_at__lt=end)
    return (
        escalations.filter(decided | withdrawn)
        .annotate(credit_currency=Coalesce(F("ticket__invoice__currency"), Subquery(note_currency)))
        .values(*fields, "status", "outcome", "credit_currency", **expressions)
        .annotate(n=Count("pk"), credits=Sum("credit_amount", output_field=MONEY_FIELD))
        .order_by()
    )


def report_escalations(actor: Actor, filters: ReportFilters):
    escalations = Escalation.objects.for_actor(actor)
    return escalations.filter(partner_id=filters.partner) if filters.partner else escalations


# --- the reports ---


def sla_attainment(
    *, actor: Actor, filters: ReportFilters, now=None, part: Split | None = None
) -> list[dict]:
    """Per week and SLA, the targets that fell due that week: met in time, missed (breached,
    met late or overdue now), still open (not due yet); attainment = met / (met + missed).
    One query over the stored days, one grouped query per SLA over the others."""
    now = now or timezone.now()
    part = _split(filters, part)
    found = defaultdict(lambda: {"met": 0, "missed": 0, "total": 0})

    def add(key, row):
        for name in ("met", "missed", "total"):
            found[key][name] += row[name]

    if part.stored:
        rows = snapshots.stored(ReportSla, actor, filters, part.stored)
        fields = {"met": "met", "missed": "missed", "total": "total"}
        for row in snapshots.summed(rows, ["sla", "week"], fields):
            add((row["sla"], snapshots.as_date(row["week"])), row)
    if part.live:
        tickets = report_tickets(actor, filters)
        for sla in SLA_COLUMNS:
            due = SLA_COLUMNS[sla][0]
            for row in sla_counts(tickets, sla, part.live.bounds(), now, week=_week(due)):
                add((sla, _day(row["week"])), row)
    rows = []
    for sla in SLA_COLUMNS:
        for week in filters.period.weeks():
            row = found.get((sla, week), {"met": 0, "missed": 0, "total": 0})
            judged = row["met"] + row["missed"]
            rows.append(
                {
                    "week": week,
                    "sla": sla,
                    "met": row["met"],
                    "missed": row["missed"],
                    "open": row["total"] - judged,
                    "attainment": round(100 * row["met"] / judged, 1) if judged else None,
                }
            )
    return rows


def response_times(
    *, actor: Actor, filters: ReportFilters, part: Split | None = None
) -> list[dict]:
    """Per week the tickets were opened (and for the whole period, week empty): how many got a
    first response / a resolution, and the median and 90th percentile of the hours it took.
    One query per measure: the histogram of the stored days and the other days' tickets."""
    part = _split(filters, part)
    rows = []
    for measure in DURATIONS:
        histogram = []
        if part.stored:
            days = snapshots.stored(ReportDuration, actor, filters, part.stored)
            # the stored rows as they are: the ranking sums them (no GROUP BY of its own)
            histogram.append(
                days.filter(measure=measure).values("week", "centihours", n=F("tickets"))
            )
        if part.live:
            histogram.append(
                duration_counts(
                    report_tickets(actor, filters),
                    measure,
                    part.live.bounds(),
                    week=MondayOf(local_day("created_at")),
                )
            )
        found = histogram_percentiles(histogram, FRACTIONS)
        for week in filters.period.weeks():
            rows.append(_times(week, measure, found.get(week)))
        rows.append(_times(None, measure, found.get(None)))
    return rows


def _times(week, measure: str, found) -> dict:
    count, picked = found or (0, {})

    def hours(fraction):
        centihours = picked.get(fraction)
        return round(centihours / 100, 2) if centihours is not None else None

    return {
        "week": week,
        "measure": measure,
        "tickets": count,
        "median_hours": hours(0.5),
        "p90_hours": hours(0.9),
    }


def ticket_mix(
    *, actor: Actor, filters: ReportFilters, part: Split | None = None
) -> dict[str, list[dict]]:
    """Tickets opened in the period by category and by channel (one query over the stored days,
    one grouped query over the others); every category and channel appears, with 0 where none."""
    part = _split(filters, part)
    grouped = []
    if part.stored:
        rows = snapshots.stored(ReportMix, actor, filters, part.stored)
        grouped += snapshots.summed(rows, ["category", "channel"], {"n": "tickets"})
    if part.live:
        grouped += mix_counts(report_tickets(actor, filters), part.live.bounds())
    by_category = dict.fromkeys(Category.values, 0)
    by_channel = dict.fromkeys(Channel.values, 0)
    for row in grouped:
        by_category[row["category"]] = by_category.get(row["category"], 0) + row["n"]
        by_channel[row["channel"]] = by_channel.get(row["channel"], 0) + row["n"]
    return {
        "tickets-by-category": [{"category": k, "tickets": n} for k, n in by_category.items()],
        "tickets-by-channel": [{"channel": k, "tickets": n} for k, n in by_channel.items()],
    }


def escalation_outcomes(
    *, actor: Actor, filters: ReportFilters, part: Split | None = None
) -> list[dict]:
    """Escalations the operator decided in the period, by outcome, with the credits granted per
    currency; those withdrawn in the period as outcome ``withdrawn``."""
    part = _split(filters, part)
    grouped = []
    if part.stored:
        rows = snapshots.stored(ReportEscalation, actor, filters, part.stored)
        fields = {"n": "escalations", "credits": "credits"}
        grouped += snapshots.summed(rows, ["status", "outcome", "credit_currency"], fields)
    if part.live:
        escalations = report_escalations(actor, filters)
        grouped += escalation_counts(escalations, part.live.bounds())
    rows = {}
    for row in grouped:
        outcome = row["outcome"] or EscalationStatus.WITHDRAWN.value
        currency = (row["credit_currency"] or "") if row["credits"] else ""
        key = (outcome, currency)
        found = rows.setdefault(
            key, {"outcome": outcome, "escalations": 0, "currency": currency, "credits": None}
        )
        found["escalations"] += row["n"]
        if row["credits"]:
            found["credits"] = billing_reports.money((found["credits"] or 0) + row["credits"])
    order = [*Outcome.values, EscalationStatus.WITHDRAWN.value]
    return sorted(rows.values(), key=lambda r: (order.index(r["outcome"]), r["currency"]))


# name → the selector giving its rows: the API's <name>; REPORT_COLUMNS names their keys
REPORTS = {
    "sla-attainment": sla_attainment,
    "response-times": response_times,
    "tickets-by-category": lambda **kw: ticket_mix(**kw)["tickets-by-category"],
    "tickets-by-channel": lambda **kw: ticket_mix(**kw)["tickets-by-channel"],
    "escalations": escalation_outcomes,
    "dunning-recovery": collections.dunning_recovery,
    "dso": collections.dso,
    "aging": collections.aging,
}
REPORT_COLUMNS = {**COLUMNS, **billing_reports.COLUMNS}


def report_rows(name: str, *, actor: Actor, filters: ReportFilters) -> list[dict]:
    return REPORTS[name](actor=actor, filters=filters)


def all_reports(*, actor: Actor, filters: ReportFilters) -> dict[str, list[dict]]:
    """Every report of the page, each query asked once (the built days looked up once, the
    collections share their aging)."""
    part = snapshots.split(filters.period)
    aged = collections.aging(actor=actor, filters=filters, part=part)
    return {
        "sla-attainment": sla_attainment(actor=actor, filters=filters, part=part),
        "response-times": response_times(actor=actor, filters=filters, part=part),
        **ticket_mix(actor=actor, filters=filters, part=part),
        "escalations": escalation_outcomes(actor=actor, filters=filters, part=part),
        "dunning-recovery": collections.dunning_recovery(actor=actor, filters=filters, part=part),
        "dso": collections.dso(actor=actor, filters=filters, aged=aged, part=part),
        "aging": aged,
    }
