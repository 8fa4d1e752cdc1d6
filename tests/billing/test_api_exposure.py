"""/api/exposure/: what the partner's customers owe it by age, beside what it owes the operator."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.services import invoice_freeze, payment_record
from core.actors import SYSTEM
from tests.support.factories import CustomerFactory, InvoiceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def owed(partner, days_overdue: int, amount: str, currency: str = "CNY"):
    due = timezone.localdate() - timedelta(days=days_overdue)
    return InvoiceFactory(
        customer=CustomerFactory(partner=partner),
        partner=partner,
        amount=Decimal(amount),
        currency=currency,
        issue_date=due - timedelta(days=30),
        due_date=due,
    )


def test_receivables_are_bucketed_by_days_past_due_beside_open_statements(
    api, agent_user, partner, other_partner
):
    owed(partner, -5, "100.00")  # not due yet
    owed(partner, 0, "10.00")
    owed(partner, 30, "20.00")
    owed(partner, 31, "30.00")
    owed(partner, 60, "40.00")
    owed(partner, 61, "50.00")
    owed(partner, 90, "60.00")
    partly = owed(partner, 91, "70.00")
    payment_record(actor=SYSTEM, invoice=partly, amount=Decimal("65.00"), date=timezone.localdate())
    frozen = owed(partner, 45, "5.00")
    invoice_freeze(actor=SYSTEM, invoice=frozen, reason="Escalated dispute")
    owed(partner, 10, "999.00", currency="USD")
    owed(other_partner, 10, "12345.00")
    paid = owed(partner, 10, "1.00")
    payment_record(actor=SYSTEM, invoice=paid, amount=Decimal("1.00"), date=timezone.localdate())
    late = StatementFactory(
        partner=partner, amount=Decimal("700.00"), due_date=timezone.localdate() + timedelta(days=3)
    )
    StatementFactory(
        partner=partner,
        amount=Decimal("300.00"),
        due_date=timezone.localdate() + timedelta(days=20),
    )
    StatementFactory(partner=other_partner)

    body = api(agent_user).get("/api/exposure/").json()
    cny, usd = body["receivables"]
    assert cny == {
        "currency": "CNY",
        "not_due": "100.00",
        "buckets": {"0-30": "30.00", "31-60": "75.00", "61-90": "110.00", "90+": "5.00"},
        "disputed": "5.00",
        "total": "320.00",
    }
    assert (usd["currency"], usd["buckets"]["0-30"], usd["total"]) == ("USD", "999.00", "999.00")
    assert [s["id"] for s in body["open_statements"]][0] == late.id
    assert body["payable"] == [
        {
            "currency": "CNY",
            "statements": "1000.00",
            "credited": "0.00",
            "total": "1000.00",
            "next_due_date": str(late.due_date),
        }
    ]
    assert body["as_of"] == str(timezone.localdate())


def test_exposure_is_for_partner_users_only(api, operator_user):
    assert api(operator_user).get("/api/exposure/").status_code == 403
    assert api(None).get("/api/exposure/").status_code == 401
