"""The reports' stored days (tickets.models.report_snapshots): built every night by the beat
task ``tickets.tasks.build_report_snapshots``, or for any range by
``manage.py report_snapshots --from … --to …``.

A day's rows are exactly what the report selectors' own grouped queries
(tickets/selectors/reports.py, billing/selectors/reports.py) give for it, grouped by partner and
local day as well: the same rules, run once a night instead of on every request. Building a range
replaces its rows (idempotent). No Event is written: the rows are derived data, a cache of figures
whose source changes (tickets, payments, decisions) are each recorded where they happen; the
run itself is kept in ``ReportDay.built_at``.

What a stored day does not follow: a change made later to a row dated on it (a ticket opened that
day answered weeks later, a payment entered with an old date, an invoice voided) — the nightly run
rebuilds the last ``REPORT_SNAPSHOT_REFRESH_DAYS`` days for that; older days keep their figures
until rebuilt by the command.
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import F, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.selectors import reports as billing_reports
from core.actors import SYSTEM
from core.periods import Period, ReportFilters, monday
from core.queries import MondayOf
from tickets.models import (
    AGING_COLUMNS,
    SNAPSHOT_MODELS,
    Escalation,
    ReportAging,
    ReportDay,
    ReportDuration,
    ReportEscalation,
    ReportMix,
    ReportRecovery,
    ReportSales,
    ReportSla,
    Ticket,
)
from tickets.selectors import reports


def _insert(model, queryset, columns: dict[str, str]) -> None:
    """``INSERT INTO model (…) SELECT …`` from a grouped queryset, in the database: ``columns``
    maps each column to an expression over the queryset's output names."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    table = model._meta.db_table
    names = ", ".join(columns)
    picks = ", ".join(f"{expression}" for expression in columns.values())
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {picks} FROM ({sql}) AS grouped", params
        )


def _day_of(column: str) -> dict:
    day = reports.local_day(column)
    return {"day": day, "week": MondayOf(day)}


PLACE = {"partner_id": "partner_id", "day": "day", "week": "week"}


def _build_tickets(period: Period, now) -> None:
    tickets = Ticket.objects.all()
    bounds = period.bounds()
    for sla, (due, _done, _stamp) in reports.SLA_COLUMNS.items():
        grouped = reports.sla_counts(
            tickets, sla, bounds, now, "partner_id", **_day_of(due), target=Value(sla)
        )
        fields = {"sla": "target", "met": "met", "missed": "missed", "total": "total"}
        _insert(ReportSla, grouped, {**PLACE, **fields})
    for measure in reports.DURATIONS:
        grouped = reports.duration_counts(
            tickets, measure, bounds, "partner_id", **_day_of("created_at"), clock=Value(measure)
        )
        fields = {"measure": "clock", "centihours": "centihours", "tickets": "n"}
        _insert(ReportDuration, grouped, {**PLACE, **fields})
    grouped = reports.mix_counts(tickets, bounds, "partner_id", **_day_of("created_at"))
    _insert(ReportMix, grouped, {**PLACE, "category": "category", "channel": "channel",
                                 "tickets": "n"})  # fmt: skip
    # an escalation's day: its decision's, or (withdrawn) its last change's
    for status, column in (("resolved", "resolved_at"), ("withdrawn", "updated_at")):
        grouped = reports.escalation_counts(
            Escalation.objects.filter(status=status), bounds, "partner_id", **_day_of(column)
        )
        fields = {
            "status": "status",
            "outcome": "COALESCE(outcome, '')",
            "credit_currency": "COALESCE(credit_currency, '')",
            "escalations": "n",
            "credits": "credits",
        }
        _insert(ReportEscalation, grouped, {**PLACE, **fields})


def _build_collections(period: Period) -> None:
    everything = ReportFilters(period)
    on = {"day": F("date"), "week": MondayOf(F("date"))}
    grouped = billing_reports.recovery_grouped(
        actor=SYSTEM, filters=everything, fields=("partner_id",), **on
    )
    fields = {
        "currency": "currency",
        "step": "COALESCE(step, '')",
        "after_days": "after_days",
        "payments": "payments",
        "recovered": "recovered",
    }
    _insert(ReportRecovery, grouped, {**PLACE, **fields})
    on = {"day": F("issue_date"), "week": MondayOf(F("issue_date"))}
    grouped = billing_reports.sales_grouped(
        actor=SYSTEM, filters=everything, fields=("partner_id",), **on
    )
    _insert(ReportSales, grouped, {**PLACE, "currency": "currency", "sales": "total"})
    day = period.start
    while day <= period.end:  # a receivable is a day's state: three grouped queries a day
        owed = billing_reports.owed_by_bucket(
            actor=SYSTEM, filters=ReportFilters(Period(day, day)), ends=[day], by_partner=True
        )
        ReportAging.objects.bulk_create(
            ReportAging(
                partner_id=partner,
                day=day,
                week=monday(day),
                currency=currency,
                **{
                    column: billing_reports.money(sums[0, key])
                    for key, column in AGING_COLUMNS.items()
                },
            )
            for (partner, currency), sums in owed.items()
        )
        day += timedelta(days=1)


@transaction.atomic
def report_snapshots_build(*, first: date, last: date, now=None) -> int:
    """Build (or build again) the stored figures of every partner for the days ``first`` to
    ``last``, local days in the current time zone; only finished days (before today). Returns
    the number of days built."""
    now = now or timezone.now()
    if first > last:
        raise ValidationError({"to": [_("The end of the period cannot be before its start.")]})
    if last >= timezone.localdate(now):  # the command refuses it first, in its own words
        raise ValueError(f"{last} is not over yet: only finished days are stored")
    period = Period(first, last)
    for model in SNAPSHOT_MODELS:
        model.objects.filter(day__gte=first, day__lte=last).delete()
    ReportDay.objects.filter(day__gte=first, day__lte=last).delete()
    _build_tickets(period, now)
    _build_collections(period)
    zone = timezone.get_current_timezone_name()
    ReportDay.objects.bulk_create(
        ReportDay(day=first + timedelta(days=n), time_zone=zone, built_at=now)
        for n in range(period.days)
    )
    return period.days


def report_snapshots_refresh(*, now=None) -> int:
    """The nightly run: yesterday and the days before it, ``REPORT_SNAPSHOT_REFRESH_DAYS`` in
    all, so that what changed lately on recent days is counted again."""
    now = now or timezone.now()
    last = timezone.localdate(now) - timedelta(days=1)
    days = settings.REPORT_SNAPSHOT_REFRESH_DAYS
    return report_snapshots_build(first=last - timedelta(days=days - 1), last=last, now=now)
