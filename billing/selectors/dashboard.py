"""What the partner's dashboard and the exposure page show of billing: receivables by age beside
what is owed to the operator (as chart rows), and the open "ready to suspend" items.

A fixed number of queries, whatever the number of invoices, statements or items.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from billing.selectors.exposure import exposure
from billing.selectors.lists import suspension_request_list
from core.actors import Actor
from partners.selectors import first_rows

ZERO = Decimal("0.00")
# (key in the exposure selector, CSS segment of .stackbar, label); "0-30" starts on the due date
# itself.
SEGMENTS = [
    ("not_due", "current", _("Not due yet")),
    ("0-30", "1-30", _("0–30 days past due")),
    ("31-60", "31-60", _("31–60 days past due")),
    ("61-90", "61-90", _("61–90 days past due")),
    ("90+", "90plus", _("More than 90 days past due")),
]


def _percent(amount: Decimal, scale: Decimal) -> str:
    # A string, so the template never localizes the decimal separator inside a CSS width.
    return f"{(100 * amount / scale):.2f}" if scale > 0 and amount > 0 else "0"


def _receivable_segments(row: dict | None, scale: Decimal) -> list[dict]:
    segments = []
    for key, css, label in SEGMENTS:
        amount = (row["not_due"] if key == "not_due" else row["buckets"][key]) if row else ZERO
        segments.append(
            {
                "key": key,
                "css": css,
                "label": label,
                "amount": amount,
                "percent": _percent(amount, scale),
            }
        )
    return segments


def exposure_chart(data: dict) -> list[dict]:
    """One chart per currency (amounts are never added across currencies): what customers owe the
    partner, split by age, and what the partner owes the operator, drawn on the same scale."""
    receivables = {row["currency"]: row for row in data["receivables"]}
    payables = {row["currency"]: row for row in data["payable"]}
    charts = []
    for currency in sorted(set(receivables) | set(payables)):
        row, payable = receivables.get(currency), payables.get(currency)
        receivable, owed = (row["total"] if row else ZERO), (payable["total"] if payable else ZERO)
        scale = max(receivable, owed)
        segments = _receivable_segments(row, scale)
        charts.append(
            {
                "currency": currency,
                "segments": segments,
                "receivable": receivable,
                "overdue": sum((s["amount"] for s in segments if s["key"] != "not_due"), ZERO),
                "disputed": row["disputed"] if row else ZERO,
                "owed": owed,
                "credited": payable["credited"] if payable else ZERO,
                "owed_percent": _percent(owed, scale),
                "next_due_date": payable["next_due_date"] if payable else None,
            }
        )
    return charts


def dashboard_panels(*, actor: Actor, today: date, rows: int = 5) -> dict:
    """The two billing panels of the partner dashboard, under the context names their includes read:
    ``billing_exposure`` (billing/dashboard/_exposure.html) and ``billing_ready_to_suspend``
    (billing/dashboard/_ready_to_suspend.html)."""
    data = exposure(actor=actor, today=today)
    queue = first_rows(suspension_request_list(actor=actor, filters={"open": True}), rows)
    for item in queue["rows"]:
        item.overdue_days = item.invoice.days_overdue(today)
    return {
        "billing_exposure": {
            "as_of": today,
            "charts": exposure_chart(data),
            "open_statements": data["open_statements"][:rows],
            "more_statements": max(0, len(data["open_statements"]) - rows),
        },
        "billing_ready_to_suspend": queue,
    }
