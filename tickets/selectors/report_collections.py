"""The collections reports (billing/selectors/reports.py: the grouped queries and the rules)
read through the stored days: the days already built summed from their rows, the others
computed by billing's own queries, then shaped by billing's own row functions."""

from collections import defaultdict

from billing.selectors import reports as billing_reports
from core.actors import Actor
from core.periods import ReportFilters
from tickets.models import AGING_COLUMNS, ReportAging, ReportRecovery, ReportSales
from tickets.selectors import report_snapshots as snapshots
from tickets.selectors.report_snapshots import Split


def _split(filters: ReportFilters, part: Split | None) -> Split:
    return part or snapshots.split(filters.period)


def dunning_recovery(
    *, actor: Actor, filters: ReportFilters, part: Split | None = None
) -> list[dict]:
    """billing's dunning recovery, the stored days summed with the others'."""
    part = _split(filters, part)
    grouped = []
    if part.stored:
        rows = snapshots.stored(ReportRecovery, actor, filters, part.stored)
        fields = {"payments": "payments", "recovered": "recovered"}
        grouped += snapshots.summed(rows, ["currency", "step", "after_days"], fields)
    if part.live:
        live = snapshots.live_filters(filters, part)
        grouped += billing_reports.recovery_grouped(actor=actor, filters=live)
    return billing_reports.recovery_rows(grouped)


def aging(*, actor: Actor, filters: ReportFilters, part: Split | None = None) -> list[dict]:
    """billing's aging: the week ends already built read from their stored rows (and the
    currencies that owed anything on a built day), the others computed."""
    part = _split(filters, part)
    ends = filters.period.week_ends()
    owed = defaultdict(dict)  # currency → {week end: {bucket: owed}}
    currencies = set()
    if part.stored:
        rows = snapshots.stored(ReportAging, actor, filters, part.stored)
        currencies |= set(rows.values_list("currency", flat=True).distinct().order_by())
        stored_ends = [day for day in ends if day <= part.stored.end]
        at_ends = rows.filter(day__in=stored_ends)
        for row in snapshots.summed(at_ends, ["day", "currency"], AGING_COLUMNS):
            owed[row["currency"]][snapshots.as_date(row["day"])] = row
    if part.live:
        live_ends = [day for day in ends if day >= part.live.start]
        live = snapshots.live_filters(filters, part)
        figures = billing_reports.owed_by_bucket(actor=actor, filters=live, ends=live_ends)
        for currency, sums in figures.items():
            currencies.add(currency)
            for index, day in enumerate(live_ends):
                owed[currency][day] = {key: sums[index, key] for key in AGING_COLUMNS}
    return [
        billing_reports.aging_row(day, currency, owed[currency].get(day, {}))
        for currency in sorted(currencies)
        for day in ends
    ]


def dso(
    *,
    actor: Actor,
    filters: ReportFilters,
    aged: list[dict] | None = None,
    part: Split | None = None,
) -> list[dict]:
    """billing's DSO: the receivable from ``aging`` (``aged`` if the caller has it), the sales
    of the stored days summed with the others'."""
    part = _split(filters, part)
    if aged is None:
        aged = aging(actor=actor, filters=filters, part=part)
    sales = defaultdict(lambda: billing_reports.ZERO)
    if part.stored:
        rows = snapshots.stored(ReportSales, actor, filters, part.stored)
        for row in snapshots.summed(rows, ["currency"], {"total": "sales"}):
            sales[row["currency"]] += row["total"]
    if part.live:
        live = snapshots.live_filters(filters, part)
        for row in billing_reports.sales_grouped(actor=actor, filters=live):
            sales[row["currency"]] += row["total"]
    return billing_reports.dso_rows(aged, sales, filters.period)
