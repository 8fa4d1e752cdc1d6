"""Statements against the operator's charge lines of the same invoice number (the reconciliation
file), and what the operator billed per customer beside what the partner invoiced them.

A statement's ``reconciled_total`` is the sum of the charge lines the partner keeps under the
statement's number (null without any); ``billing.reconciliation.reconciliation_state`` says
whether that is ``matched`` or ``differs``. Lines are another partner's business: they only ever
meet a statement of their own partner.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, Exists, Max, Min, OuterRef, Subquery, Sum

from billing.models import ChargeLine, Invoice, Statement
from billing.reconciliation import Reconciliation, money, reconciliation_state
from core.actors import Actor
from partners.models import Customer, Partner

ZERO = Decimal("0.00")
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


# --- billed by the operator beside invoiced to the customer ------------------------------------


def month_of(day: date) -> tuple[date, date]:
    """The calendar month of ``day``: its first and last days (the operator bills by month)."""
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)


def billing_month(*, actor: Actor, today: date, month: date | None = None) -> tuple[date, date]:
    """The month asked for (any day of it), else the latest billed one: what the API's ``period``
    and the exposure page's month picker both mean."""
    return month_of(month) if month else latest_billed_month(actor=actor, today=today)


def latest_billed_month(*, actor: Actor, today: date) -> tuple[date, date]:
    """The month of the latest charge the actor's partner was billed, else this month."""
    last = (
        ChargeLine.objects.for_actor(actor)
        .order_by("-charge_start")
        .values_list("charge_start", flat=True)
        .first()
    )
    return month_of(last or today)


def customer_billing(*, actor: Actor, start: date, end: date) -> list[dict]:
    """Per customer and currency, for charges starting and invoices issued from ``start`` to
    ``end``: what the operator billed the partner for the customer (its charge lines, credits
    less), what the partner invoiced the customer (void invoices aside), and the margin between.
    Three queries, by customer name; never added across currencies."""
    billed = _per_customer(
        ChargeLine.objects.for_actor(actor).filter(charge_start__range=(start, end)), "total"
    )
    invoiced = _per_customer(
        Invoice.objects.for_actor(actor)
        .filter(issue_date__range=(start, end))
        .exclude(status=Invoice.Status.VOID),
        "amount",
    )
    keys = billed.keys() | invoiced.keys()
    ids = {customer_id for customer_id, _currency in keys}
    names = dict(Customer.objects.for_actor(actor).filter(pk__in=ids).values_list("pk", "name"))
    rows = []
    for key in keys:
        (customer_id, currency), operator, partner = key, billed.get(key), invoiced.get(key)
        rows.append(
            {
                "customer_id": customer_id,
                "customer_name": names.get(customer_id, ""),
                "currency": currency,
                "billed": operator,  # None: the operator billed nothing for the customer
                "invoiced": partner,  # None: the partner invoiced the customer nothing
                "margin": (partner or ZERO) - (operator or ZERO),
            }
        )
    return sorted(rows, key=lambda row: (row["customer_name"], row["customer_id"], row["currency"]))


def _per_customer(queryset, column: str) -> dict[tuple[int, str], Decimal]:
    rows = queryset.order_by().values("customer_id", "currency").annotate(amount=Sum(column))
    return {(row["customer_id"], row["currency"]): money(row["amount"]) for row in rows}
