"""Statements against the operator's charge lines of the same invoice number (the reconciliation
file), and what the operator billed per customer beside what the partner invoiced them.

A statement's ``reconciled_total`` is the sum of the charge lines the partner keeps under the
statement's number (null without any); ``billing.reconciliation.reconciliation_state`` says
whether that is ``matched`` or ``differs``. Lines are another partner's business: they only ever
meet a statement of their own partner.
"""

from decimal import Decimal

from django.db.models import DecimalField, Exists, Max, Min, OuterRef, Subquery, Sum

from billing.models import ChargeLine, Statement
from billing.reconciliation import Reconciliation, money, reconciliation_state
from partners.models import Partner

TOTAL = DecimalField(max_digits=20, decimal_places=6)


def _lines_of_statement():
    return ChargeLine.objects.filter(
        partner_id=OuterRef("partner_id"), invoice_number=OuterRef("number")
    )


def with_reconciliation(statements):
    """``statements`` annotated with ``reconciled_total`` (null: no line) and ``other_currency``
    (some line is not in the statement's currency): two subqueries, no query per row."""
    total = (
        _lines_of_statement()
        .order_by()
        .values("invoice_number")
        .annotate(total=Sum("total"))
        .values("total")
    )
    return statements.annotate(
        reconciled_total=Subquery(total, output_field=TOTAL),
        other_currency=Exists(_lines_of_statement().exclude(currency=OuterRef("currency"))),
    )


def statement_reconciliation(statement: Statement) -> dict:
    """``{reconciled_total, reconciliation, difference}`` of one statement: from the annotations
    of ``with_reconciliation`` when the row has them, else with one query."""
    if not hasattr(statement, "reconciled_total"):
        row = with_reconciliation(Statement.objects.filter(pk=statement.pk)).values(
            "reconciled_total", "other_currency"
        )
        found = row.first() or {"reconciled_total": None, "other_currency": False}
        statement.reconciled_total = found["reconciled_total"]
        statement.other_currency = found["other_currency"]
    total = statement.reconciled_total
    state, difference = reconciliation_state(
        amount=statement.amount, total=total, other_currency=statement.other_currency
    )
    return {
        "reconciled_total": None if total is None else money(total),
        "reconciliation": state,
        "difference": difference,
    }


def invoice_reconciliations(*, partner: Partner, numbers: list[str]) -> list[dict]:
    """For each invoice number with lines: its lines' total and currency against the partner's
    statement of that number (two queries whatever the count)."""
    sums = (
        ChargeLine.objects.filter(partner=partner, invoice_number__in=numbers)
        .order_by()
        .values("invoice_number")
        .annotate(total=Sum("total"), low=Min("currency"), high=Max("currency"))
    )
    statements = {
        statement.number: statement
        for statement in Statement.objects.filter(partner=partner, number__in=numbers)
    }
    rows = []
    for row in sorted(sums, key=lambda r: r["invoice_number"]):
        number, total = row["invoice_number"], row["total"] or Decimal("0")
        statement = statements.get(number)
        state, difference = Reconciliation.NONE, None
        if statement is not None:
            state, difference = reconciliation_state(
                amount=statement.amount,
                total=total,
                other_currency=not row["low"] == row["high"] == statement.currency,
            )
        rows.append(
            {
                "invoice_number": number,
                "statement_id": statement.pk if statement else None,
                "reconciled_total": money(total),
                "currency": row["low"],
                "reconciliation": state,
                "difference": difference,
            }
        )
    return rows
