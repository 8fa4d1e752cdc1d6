"""A context for every kind, as the tickets and billing apps build it (notifications/kinds.py)."""

from datetime import UTC, date, datetime
from decimal import Decimal

from notifications.kinds import KINDS, OPTIONAL

VALUES = {
    "customer_name": "Lantern Trading",
    "ticket_id": 4217,
    "subject": "Seats billed twice",
    "status_url": "https://desk.example/status/tok-123/",
    "message": "We have sent the corrected invoice.",
    "resolution": "We credited the duplicate seats.",
    "invoice_number": "INV-2026-0042",
    "amount": Decimal("12345.60"),
    "currency": "CNY",
    "due_date": date(2026, 3, 1),
    "days_overdue": 21,
    "policy_url": "https://desk.example/policy/blue-sky/",
    "policy_version": 3,
    "impact_date": date(2026, 4, 5),
    "offer": "Azure Virtual Machines",
    "reason": "non_payment",
    "data_deletion_at": date(2026, 6, 1),
    "escalation_id": 77,
    "outcome": "partially_upheld",
    "credit_amount": Decimal("300.00"),
    "close_loop_due": datetime(2026, 3, 3, 9, 30, tzinfo=UTC),
    "ticket_url": "https://desk.example/tickets/4217/",
    "sla": "first_response",
    "due_at": datetime(2026, 3, 2, 1, 0, tzinfo=UTC),
    "customer_url": "https://desk.example/customers/9/",
    "days_left": 12,
    "subscription_url": "https://desk.example/subscriptions/3/",
    "auto_close_days": 7,
    "question": "Which invoice lines are disputed?",
    "response": "The seats were billed twice; credit approved.",
    "operator_name": "21Vianet",
    "credit_balance": Decimal("120.00"),
    "balance": Decimal("1320.00"),
}


def context_for(kind: str, **overrides) -> dict:
    keys = KINDS[kind] | OPTIONAL.get(kind, set())
    return {**{key: VALUES[key] for key in keys}, **overrides}
