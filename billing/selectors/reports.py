"""The collections reports: what was recovered after each dunning step, days sales outstanding,
and the receivables' aging at the end of every week.

Aggregates in the database, grouped by currency (amounts are never added across currencies);
a fixed number of queries whatever the number of invoices. A receivable on day D is what the
invoices issued by D still owed that day: their amount less the payments dated by D and the
credits allocated by D. Void and written-off invoices are left out of every figure (the desk
does not keep the day they left the books), so past receivables are never overstated by them.
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from billing.models import CreditAllocation, DunningAction, Invoice, Payment
from billing.selectors.exposure import BUCKETS
from core.actors import Actor
from core.periods import ReportFilters

ZERO = Decimal("0.00")
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)
LEFT_BOOKS = (Invoice.Status.VOID, Invoice.Status.WRITTEN_OFF)
AGING_KEYS = ["not_due"] + [name for name, _low, _high in BUCKETS]

COLUMNS = {
    "dunning-recovery": ["currency", "step", "after_days", "payments", "recovered"],
    "dso": ["currency", "receivable", "sales", "days", "dso"],
    "aging": ["week_end", "currency", *AGING_KEYS, "total"],
}


def money(value) -> Decimal:
    """Two decimals, whatever the backend's SUM returned (SQLite may give 400 for 400.00)."""
    return Decimal(value or 0).quantize(ZERO)


def _invoices(actor: Actor, filters: ReportFilters):
    invoices = Invoice.objects.for_actor(actor).exclude(status__in=LEFT_BOOKS)
    return invoices.filter(partner_id=filters.partner) if filters.partner else invoices


def dunning_recovery(*, actor: Actor, filters: ReportFilters) -> list[dict]:
    """Payments dated in the period, each counted under the last dunning step its invoice had
    been sent by the payment's date (``step`` empty: paid before any step). One query: the
    step is a correlated subquery, the sums are grouped by currency and step."""
    last_step = DunningAction.objects.filter(
        invoice_id=OuterRef("invoice_id"), performed_on__lte=OuterRef("date")
    ).order_by("-performed_on", "-after_days", "-id")
    grouped = (
        Payment.objects.for_actor(actor)
        .filter(invoice__in=_invoices(actor, filters))
        .filter(date__gte=filters.period.start, date__lte=filters.period.end)
        .annotate(
            step=Subquery(last_step.values("action")[:1]),
            after_days=Subquery(last_step.values("after_days")[:1]),
            currency=F("invoice__currency"),
        )
        .values("currency", "step", "after_days")
        .annotate(payments=Count("pk"), recovered=Sum("amount"))
        .order_by()
    )
    rows = [
        {
            "currency": row["currency"],
            "step": row["step"] or "",
            "after_days": row["after_days"],
            "payments": row["payments"],
            "recovered": money(row["recovered"]),
        }
        for row in grouped
    ]
    # per currency: paid before any step first, then by the step's day
    return sorted(rows, key=lambda r: (r["currency"], r["after_days"] or -1, r["step"]))


def _bucket(day, low: int | None, high: int | None, prefix: str = "") -> Q:
    """Invoices (``prefix`` leads from another model to the invoice) in an age bucket on
    ``day``: not yet due (``low`` None), or ``low``–``high`` days past the due date."""
    due = f"{prefix}due_date"
    if low is None:
        return Q(**{f"{due}__gt": day})
    condition = Q(**{f"{due}__lte": day - timedelta(days=low)})
    if high is not None:
        condition &= Q(**{f"{due}__gte": day - timedelta(days=high)})
    return condition


BUCKET_BOUNDS = [("not_due", None, None)] + list(BUCKETS)


def _sum(amount: str, condition: Q):
    return Coalesce(Sum(amount, filter=condition), ZERO, output_field=MONEY_FIELD)


def _by_bucket(queryset, amount: str, prefix: str, dated, ends) -> dict:
    """{currency: {(week index, bucket): sum}} of ``amount`` over rows dated by each week end,
    in one grouped query with a conditional sum per week and bucket."""
    sums = {}
    for index, day in enumerate(ends):
        for key, low, high in BUCKET_BOUNDS:
            condition = dated(day) & Q(**{f"{prefix}issue_date__lte": day})
            sums[f"w{index}_{AGING_KEYS.index(key)}"] = _sum(
                amount, condition & _bucket(day, low, high, prefix)
            )
    rows = queryset.values(cur=F(f"{prefix}currency")).annotate(**sums).order_by()
    return {
        row["cur"]: {
            (index, key): row[f"w{index}_{n}"]
            for index in range(len(ends))
            for n, key in enumerate(AGING_KEYS)
        }
        for row in rows
    }


def _owing_in(invoices, period):
    """The invoices that owed something on some day of the period: issued by its end, and open
    now or settled (paid, credited) during or after it. An invoice settled before the period
    began owed nothing in it, whatever its age: leaving it out changes no figure and keeps the
    sums to the invoices that matter, not every invoice ever issued."""
    later = {"invoice_id": OuterRef("pk")}
    return invoices.filter(issue_date__lte=period.end).filter(
        Q(status=Invoice.Status.OPEN)
        | Exists(Payment.objects.filter(**later, date__gte=period.start))
        | Exists(CreditAllocation.objects.filter(**later, created_at__date__gte=period.start))
    )


def aging(*, actor: Actor, filters: ReportFilters) -> list[dict]:
    """What customers owed at the end of every week, by age and currency: three grouped queries
    (invoices issued, payments received, credits allocated by each week end)."""
    invoices = _owing_in(_invoices(actor, filters), filters.period)
    ends = filters.period.week_ends()
    issued = _by_bucket(invoices, "amount", "", lambda day: Q(), ends)
    paid = _by_bucket(
        Payment.objects.filter(invoice__in=invoices),
        "amount",
        "invoice__",
        lambda day: Q(date__lte=day),
        ends,
    )
    credited = _by_bucket(
        CreditAllocation.objects.filter(invoice__in=invoices),
        "amount",
        "invoice__",
        lambda day: Q(created_at__date__lte=day),
        ends,
    )
    rows = []
    for currency in sorted(issued):
        for index, day in enumerate(ends):
            row = {"week_end": day, "currency": currency}
            for key in AGING_KEYS:
                owed = issued[currency][index, key]
                owed -= paid.get(currency, {}).get((index, key), ZERO)
                owed -= credited.get(currency, {}).get((index, key), ZERO)
                row[key] = money(owed)
            row["total"] = money(sum((row[key] for key in AGING_KEYS), ZERO))
            rows.append(row)
    return rows


def dso(*, actor: Actor, filters: ReportFilters, aged: list[dict] | None = None) -> list[dict]:
    """Days sales outstanding per currency: the receivable at the period's end over the amount
    invoiced in the period, times the period's days. ``aged`` (this period's ``aging``) saves
    its three queries when the caller has it already; one query for the sales."""
    aged = aged if aged is not None else aging(actor=actor, filters=filters)
    end = filters.period.end
    receivable = {row["currency"]: row["total"] for row in aged if row["week_end"] == end}
    sales = dict(
        _invoices(actor, filters)
        .filter(issue_date__gte=filters.period.start, issue_date__lte=end)
        .values("currency")
        .annotate(total=Sum("amount"))
        .values_list("currency", "total")
        .order_by()
    )
    days = filters.period.days
    rows = []
    for currency in sorted(set(receivable) | set(sales)):
        owed, sold = receivable.get(currency, ZERO), money(sales.get(currency))
        rows.append(
            {
                "currency": currency,
                "receivable": owed,
                "sales": sold,
                "days": days,
                "dso": round(float(owed / sold) * days, 1) if sold else None,
            }
        )
    return rows
