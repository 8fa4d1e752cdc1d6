"""The service reports: SLA attainment by week, times to first response and resolution, tickets
by category and channel, escalation outcomes and credits.

Every figure is an aggregate the database computes (grouped ``COUNT``/``SUM``, percentiles by
``core.queries.percentiles``); Python only reshapes the grouped rows, a handful per week. The
number of queries is fixed per report, whatever the number of tickets. Rows are plain dicts with
the keys of ``COLUMNS`` — the JSON rows, the CSV columns and the page's tables alike.
"""

from datetime import date

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from billing.models import CreditNote
from billing.selectors import reports as billing_reports
from core.actors import Actor
from core.periods import ReportFilters
from core.queries import Seconds, percentiles
from tickets.models import Category, Channel, Escalation, EscalationStatus, Outcome, Ticket

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


def _day(value) -> date | None:
    return timezone.localtime(value).date() if value is not None else None


def sla_attainment(*, actor: Actor, filters: ReportFilters, now=None) -> list[dict]:
    """Per week and SLA, the targets that fell due that week: met in time, missed (breached,
    met late or overdue now), still open (not due yet); attainment = met / (met + missed).
    One grouped query per SLA."""
    now = now or timezone.now()
    start, end = filters.period.bounds()
    rows = []
    for sla, (due, done, stamp) in SLA_COLUMNS.items():
        met = Q(**{f"{done}__lte": F(due), f"{stamp}__isnull": True})
        missed = (
            Q(**{f"{stamp}__isnull": False})
            | Q(**{f"{done}__gt": F(due)})
            | Q(**{f"{done}__isnull": True, f"{due}__lt": now})
        )
        grouped = (
            report_tickets(actor, filters)
            .filter(**{f"{due}__gte": start, f"{due}__lt": end})
            .annotate(week=_week(due))
            .values("week")
            .annotate(
                met=Count("pk", filter=met),
                missed=Count("pk", filter=missed),
                total=Count("pk"),
            )
            .order_by()
        )
        found = {_day(row["week"]): row for row in grouped}
        for week in filters.period.weeks():
            row = found.get(week, {"met": 0, "missed": 0, "total": 0})
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


def response_times(*, actor: Actor, filters: ReportFilters) -> list[dict]:
    """Per week the tickets were opened (and for the whole period, week empty): how many got a
    first response / a resolution, and the median and 90th percentile of the hours it took.
    Two queries per measure (by week, overall) plus one count."""
    start, end = filters.period.bounds()
    opened = report_tickets(actor, filters).filter(created_at__gte=start, created_at__lt=end)
    rows = []
    for measure, column in DURATIONS.items():
        took = Seconds(F(column), F("created_at"))
        counts = {
            _day(row["week"]): row["n"]
            for row in opened.filter(**{f"{column}__isnull": False})
            .annotate(week=_week("created_at"))
            .values("week")
            .annotate(n=Count("pk"))
            .order_by()
        }
        weekly = percentiles(opened, took, FRACTIONS, _week("created_at"))
        by_week = {_day(week): found for week, found in weekly.items()}
        overall = percentiles(opened, took, FRACTIONS).get(None, {})
        for week in filters.period.weeks():
            rows.append(_times(week, measure, counts.get(week, 0), by_week.get(week, {})))
        rows.append(_times(None, measure, sum(counts.values()), overall))
    return rows


def _times(week, measure: str, count: int, found: dict) -> dict:
    def hours(fraction):
        seconds = found.get(fraction)
        return round(seconds / 3600, 2) if seconds is not None else None

    return {
        "week": week,
        "measure": measure,
        "tickets": count,
        "median_hours": hours(0.5),
        "p90_hours": hours(0.9),
    }


def ticket_mix(*, actor: Actor, filters: ReportFilters) -> dict[str, list[dict]]:
    """Tickets opened in the period by category and by channel (one grouped query); every
    category and channel appears, with 0 where none."""
    start, end = filters.period.bounds()
    grouped = (
        report_tickets(actor, filters)
        .filter(created_at__gte=start, created_at__lt=end)
        .values("category", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_category = dict.fromkeys(Category.values, 0)
    by_channel = dict.fromkeys(Channel.values, 0)
    for row in grouped:
        by_category[row["category"]] = by_category.get(row["category"], 0) + row["n"]
        by_channel[row["channel"]] = by_channel.get(row["channel"], 0) + row["n"]
    return {
        "tickets-by-category": [{"category": k, "tickets": n} for k, n in by_category.items()],
        "tickets-by-channel": [{"channel": k, "tickets": n} for k, n in by_channel.items()],
    }


def escalation_outcomes(*, actor: Actor, filters: ReportFilters) -> list[dict]:
    """Escalations the operator decided in the period, by outcome, with the credits granted per
    currency; those withdrawn in the period as outcome ``withdrawn``. One grouped query.

    A credit's currency is its invoice's or (no invoice) its credit note's, as on the escalation
    itself. Withdrawn escalations have no date of their own: their last change stands for it."""
    start, end = filters.period.bounds()
    escalations = Escalation.objects.for_actor(actor)
    if filters.partner:
        escalations = escalations.filter(partner_id=filters.partner)
    note_currency = CreditNote.objects.filter(escalation_id=OuterRef("pk")).values("currency")[:1]
    decided = Q(status=EscalationStatus.RESOLVED, resolved_at__gte=start, resolved_at__lt=end)
    withdrawn = Q(status=EscalationStatus.WITHDRAWN, updated_at__gte=start, updated_at__lt=end)
    grouped = (
        escalations.filter(decided | withdrawn)
        .annotate(
            credit_currency=Coalesce(F("ticket__invoice__currency"), Subquery(note_currency))
        )
        .values("status", "outcome", "credit_currency")
        .annotate(
            n=Count("pk"),
            credits=Sum("credit_amount", output_field=MONEY_FIELD),
        )
        .order_by()
    )
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


def _collections(actor: Actor, filters: ReportFilters) -> dict[str, list[dict]]:
    aged = billing_reports.aging(actor=actor, filters=filters)
    return {
        "dunning-recovery": billing_reports.dunning_recovery(actor=actor, filters=filters),
        "dso": billing_reports.dso(actor=actor, filters=filters, aged=aged),
        "aging": aged,
    }


# name → the selector giving its rows: the API's <name>; REPORT_COLUMNS names their keys
REPORTS = {
    "sla-attainment": sla_attainment,
    "response-times": response_times,
    "tickets-by-category": lambda **kw: ticket_mix(**kw)["tickets-by-category"],
    "tickets-by-channel": lambda **kw: ticket_mix(**kw)["tickets-by-channel"],
    "escalations": escalation_outcomes,
    "dunning-recovery": billing_reports.dunning_recovery,
    "dso": billing_reports.dso,
    "aging": billing_reports.aging,
}
REPORT_COLUMNS = {**COLUMNS, **billing_reports.COLUMNS}


def report_rows(name: str, *, actor: Actor, filters: ReportFilters) -> list[dict]:
    return REPORTS[name](actor=actor, filters=filters)


def all_reports(*, actor: Actor, filters: ReportFilters) -> dict[str, list[dict]]:
    """Every report of the page, each query asked once (the collections share their aging)."""
    return {
        "sla-attainment": sla_attainment(actor=actor, filters=filters),
        "response-times": response_times(actor=actor, filters=filters),
        **ticket_mix(actor=actor, filters=filters),
        "escalations": escalation_outcomes(actor=actor, filters=filters),
        **_collections(actor, filters),
    }
