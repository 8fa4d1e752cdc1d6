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

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum
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


def recovery_grouped(*, actor: Actor, filters: ReportFilters, fields=(), **expressions):
    """Payments dated in the period grouped by currency and the last dunning step its invoice
    had been sent by the payment's date (a correlated subquery), and by ``fields`` and
    ``expressions`` (the nightly build adds the partner and the day): payments and amount
    recovered per group."""
    last_step = DunningAction.objects.filter(
        invoice_id=OuterRef("invoice_id"), performed_on__lte=OuterRef("date")
    ).order_by("-performed_on", "-after_days", "-id")
    return (
        Payment.objects.for_actor(actor)
        .filter(invoice__in=_invoices(actor, filters))
        .filter(date__gte=filters.period.start, date__lte=filters.period.end)
        .annotate(
            step=Subquery(last_step.values("action")[:1]),
            after_days=Subquery(last_step.values("after_days")[:1]),
            currency=F("invoice__currency"),
        )
        .values(*fields, "currency", "step", "after_days", **expressions)
        .annotate(payments=Count("pk"), recovered=Sum("amount"))
        .order_by()
    )


def recovery_rows(grouped) -> list[dict]:
    """The report's rows from grouped rows (``recovery_grouped``'s, or stored days' summed):
    one per currency and step; per currency paid before any step first, then by the step."""
    rows = {}
    for row in grouped:
        key = (row["currency"], row["step"] or "", row["after_days"])
        found = rows.setdefault(
            key,
            {
                "currency": key[0],
                "step": key[1],
                "after_days": key[2],
                "payments": 0,
                "recovered": ZERO,
            },
        )
        found["payments"] += row["payments"]
        found["recovered"] = money(found["recovered"] + money(row["recovered"]))
    return sorted(rows.values(), key=lambda r: (r["currency"], r["after_days"] or -1, r["step"]))


def dunning_recovery(*, actor: Actor, filters: ReportFilters) -> list[dict]:
    """Payments dated in the period, each counted under the last dunning step its invoice had
    been sent by the payment's date (``step`` empty: paid before any step). One query."""
    return recovery_rows(recovery_grouped(actor=actor, filters=filters))


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


def _by_bucket(queryset, amount: str, prefix: str, dated, ends, by_partner=False) -> dict:
    """{currency (or (partner, currency)): {(week index, bucket): sum}} of ``amount`` over rows
    dated by each week end, in one grouped query with a conditional sum per week and bucket."""
    sums = {}
    for index, day in enumerate(ends):
        for key, low, high in BUCKET_BOUNDS:
            condition = dated(day) & Q(**{f"{prefix}issue_date__lte": day})
            sums[f"w{index}_{AGING_KEYS.index(key)}"] = _sum(
                amount, condition & _bucket(day, low, high, prefix)
            )
    group = {"cur": F(f"{prefix}currency")}
    if by_partner:
        group["part"] = F(f"{prefix}partner_id")
    rows = queryset.values(**group).annotate(**sums).order_by()
    return {
        (row["part"], row["cur"]) if by_partner else row["cur"]: {
            (index, key): row[f"w{index}_{n}"]
            for index in range(len(ends))
            for n, key in enumerate(AGING_KEYS)
        }
        for row in rows
    }


def _owing(period, prefix: str = "") -> Q:
    """Invoices (``prefix`` leads from another model to the invoice) that owed something on
    some day of the period: issued by its end, and open now or settled (paid, credited) during
    or after it. An invoice settled before the period began owed nothing in it, whatever its
    age: leaving it out changes no figure and keeps the sums to the invoices that matter, not
    every invoice ever issued. Uncorrelated ``IN`` lists (PostgreSQL hashes each once), not an
    EXISTS per invoice."""
    paid_later = Payment.objects.filter(date__gte=period.start).values("invoice_id")
    credited_later = CreditAllocation.objects.filter(created_at__date__gte=period.start)
    return Q(**{f"{prefix}issue_date__lte": period.end}) & (
        Q(**{f"{prefix}status": Invoice.Status.OPEN})
        | Q(**{f"{prefix}pk__in": paid_later})
        | Q(**{f"{prefix}pk__in": credited_later.values("invoice_id")})
    )


def owing_invoices(*, actor: Actor, filters: ReportFilters):
    """The actor's (or the chosen partner's) invoices that owed something in the period."""
    return _invoices(actor, filters).filter(_owing(filters.period))


def owed_by_bucket(*, actor: Actor, filters: ReportFilters, ends, by_partner=False) -> dict:
    """{currency (or (partner, currency)): {(end index, bucket): owed}} at each of ``ends``:
    what the invoices owing in the period had invoiced less paid less credited by that day,
    three grouped queries. Every currency of those invoices has a key, even if it owed nothing
    at any end. The payments are the actor's (a payment is its invoice's partner's) with the
    invoice's conditions on the join, so the invoices are read once."""
    invoices = owing_invoices(actor=actor, filters=filters)
    payments = (
        Payment.objects.for_actor(actor)
        .exclude(invoice__status__in=LEFT_BOOKS)
        .filter(_owing(filters.period, "invoice__"))
    )
    if filters.partner:
        payments = payments.filter(invoice__partner_id=filters.partner)
    issued = _by_bucket(invoices, "amount", "", lambda day: Q(), ends, by_partner)
    paid = _by_bucket(
        payments, "amount", "invoice__", lambda day: Q(date__lte=day), ends, by_partner
    )
    credited = _by_bucket(
        CreditAllocation.objects.filter(invoice__in=invoices),
        "amount",
        "invoice__",
        lambda day: Q(created_at__date__lte=day),
        ends,
        by_partner,
    )
    return {
        group: {
            slot: owed
            - paid.get(group, {}).get(slot, ZERO)
            - credited.get(group, {}).get(slot, ZERO)
            for slot, owed in sums.items()
        }
        for group, sums in issued.items()
    }


def aging_row(day, currency: str, owed: dict) -> dict:
    """One row of the aging report: ``owed`` by bucket key, and their total."""
    row = {"week_end": day, "currency": currency}
    for key in AGING_KEYS:
        row[key] = money(owed.get(key, ZERO))
    row["total"] = money(sum((row[key] for key in AGING_KEYS), ZERO))
    return row


def aging(*, actor: Actor, filters: ReportFilters) -> list[dict]:
    """What customers owed at the end of every week, by age and currency: three grouped queries
    (invoices issued, payments received, credits allocated by each week end)."""
    ends = filters.period.week_ends()
    owed = owed_by_bucket(actor=actor, filters=filters, ends=ends)
    return [
        aging_row(day, currency, {key: owed[currency][index, key] for key in AGING_KEYS})
        for currency in sorted(owed)
        for index, day in enumerate(ends)
    ]


def sales_grouped(*, actor: Actor, filters: ReportFilters, fields=(), **expressions):
    """Invoiced in the period per currency (and ``fields``, ``expressions``: the nightly build
    adds the partner and the day)."""
    return (
        _invoices(actor, filters)
        .filter(issue_date__gte=filters.period.start, issue_date__lte=filters.period.end)
        .values(*fields, "currency", **expressions)
        .annotate(total=Sum("amount"))
        .order_by()
    )


def dso_rows(aged: list[dict], sales: dict, period) -> list[dict]:
    """DSO per currency from the period's aging rows and its sales {currency: amount}."""
    receivable = {row["currency"]: row["total"] for row in aged if row["week_end"] == period.end}
    days = period.days
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


def dso(*, actor: Actor, filters: ReportFilters, aged: list[dict] | None = None) -> list[dict]:
    """Days sales outstanding per currency: the receivable at the period's end over the amount
    invoiced in the period, times the period's days. ``aged`` (this period's ``aging``) saves
    its three queries when the caller has it already; one query for the sales."""
    aged = aged if aged is not None else aging(actor=actor, filters=filters)
    sales = {row["currency"]: row["total"] for row in sales_grouped(actor=actor, filters=filters)}
    return dso_rows(aged, sales, filters.period)
