"""A partner's exposure: what its customers owe it, by age, beside what it owes the operator.

The partner pays the operator whether or not its customers pay (SPEC §1, duty 2), so it needs
both sides on one screen. Amounts are grouped by currency: they are never added across currencies.
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Min, Q, Sum
from django.db.models.functions import Coalesce

from billing.models import CreditNote, Invoice, Statement
from billing.selectors.reconciliation import with_reconciliation
from core.actors import Actor

ZERO = Decimal("0.00")
BALANCE = ExpressionWrapper(
    F("amount") - F("amount_paid") - F("amount_credited"),
    output_field=DecimalField(max_digits=14, decimal_places=2),
)
# Days past the due date; "0-30" starts on the due date itself.
BUCKETS = [("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, None)]


def _sum(condition: Q | None = None):
    return Coalesce(Sum(BALANCE, filter=condition), ZERO, output_field=BALANCE.output_field)


def _bucket_filter(today, low: int, high: int | None) -> Q:
    condition = Q(due_date__lte=today - timedelta(days=low))
    if high is not None:
        condition &= Q(due_date__gte=today - timedelta(days=high))
    return condition


def receivables(*, actor: Actor, today) -> list[dict]:
    sums = {
        "not_due": _sum(Q(due_date__gt=today)),
        "total": _sum(),
        "disputed": _sum(Q(freeze_count__gt=0)),
    }
    sums.update({name: _sum(_bucket_filter(today, low, high)) for name, low, high in BUCKETS})
    rows = (
        Invoice.objects.for_actor(actor)
        .filter(status=Invoice.Status.OPEN)
        .values("currency")
        .annotate(
            **{key.replace("-", "_").replace("+", "_plus"): value for key, value in sums.items()}
        )
        .order_by("currency")
    )
    return [_receivable(row) for row in rows]


def _receivable(row: dict) -> dict:
    buckets = {
        name: row[name.replace("-", "_").replace("+", "_plus")] for name, _low, _high in BUCKETS
    }
    return {
        "currency": row["currency"],
        "not_due": row["not_due"],
        "buckets": buckets,
        "disputed": row["disputed"],
        "total": row["total"],
    }


def operator_credits(*, actor: Actor):
    """The operator's credits on the partner's account (from upheld escalations), newest first."""
    return (
        CreditNote.objects.for_actor(actor)
        .filter(source=CreditNote.Source.OPERATOR)
        .select_related("customer", "invoice")
        .order_by("-created_at", "-id")
    )


def payables(*, actor: Actor) -> tuple[list[Statement], list[dict]]:
    """Open statements (each against the operator's charge lines of its number), and per currency
    what the partner owes: the statements less the operator's credits (never below zero)."""
    open_statements = Statement.objects.for_actor(actor).filter(status=Statement.Status.OPEN)
    rows = {
        row["currency"]: row
        for row in open_statements.values("currency")
        .annotate(statements=Sum("amount"), next_due_date=Min("due_date"))
        .order_by("currency")
    }
    credits = dict(
        operator_credits(actor=actor)
        .order_by()
        .values("currency")
        .annotate(total=Sum("amount"))
        .values_list("currency", "total")
    )
    totals = []
    for currency in sorted(rows):
        row, credit = rows[currency], credits.get(currency, ZERO)
        row.update(credited=credit, total=max(ZERO, row["statements"] - credit))
        totals.append(row)
    return list(with_reconciliation(open_statements.order_by("due_date", "id"))), totals


def exposure(*, actor: Actor, today) -> dict:
    statements, totals = payables(actor=actor)
    return {
        "as_of": today,
        "receivables": receivables(actor=actor, today=today),
        "open_statements": statements,
        "payable": totals,
        "credits": operator_credits(actor=actor)[:50],  # read only by who shows it
    }
