"""A hand-built dataset for the reports, with times chosen so every figure is known in advance.

The period is two weeks, Monday 5 to Sunday 18 January 2026 (Asia/Shanghai, the project's zone);
``NOW`` is the Monday after. Expected figures are worked out in tests/tickets/test_reports.py.
Rows are written with their timestamps directly (``update``): no service sets a past time.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from billing.models import CollectionsPolicy, CreditAllocation, CreditNote, DunningAction, Payment
from core.periods import Period, ReportFilters
from tests.support.factories import CustomerFactory, InvoiceFactory, TicketFactory
from tickets.models import Escalation, Ticket

ZONE = ZoneInfo("Asia/Shanghai")
PERIOD = Period(date(2026, 1, 5), date(2026, 1, 18))
FILTERS = ReportFilters(PERIOD)
NOW = datetime(2026, 1, 19, 12, 0, tzinfo=ZONE)


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)


def _ticket(customer, **fields) -> Ticket:
    stamps = {k: fields.pop(k) for k in list(fields) if k.endswith(("_at", "_due"))}
    ticket = TicketFactory(customer=customer, partner=customer.partner, **fields)
    Ticket.objects.filter(pk=ticket.pk).update(**stamps)
    return ticket


def _escalation(ticket, status, when, **fields) -> Escalation:
    escalation = Escalation.objects.create(
        partner=ticket.partner, ticket=ticket, status=status, summary="s", steps_taken="t", **fields
    )
    stamps = {"updated_at": when, "resolved_at": when if status == "resolved" else None}
    Escalation.objects.filter(pk=escalation.pk).update(**stamps)
    return escalation


def build_tickets(partner, other_partner) -> dict:
    customer = CustomerFactory(partner=partner)
    invoice = InvoiceFactory(customer=customer, currency="CNY")
    t1 = _ticket(
        customer,
        category="billing_question",
        channel="web",
        created_at=at(1, 5),
        first_response_due=at(1, 5, 17),
        first_responded_at=at(1, 5, 10),
        resolution_due=at(1, 8),
        resolved_at=at(1, 6),
    )
    t2 = _ticket(
        customer,
        category="invoice_dispute",
        channel="email",
        invoice=invoice,
        created_at=at(1, 6),
        first_response_due=at(1, 6, 13),
        first_responded_at=at(1, 6, 15),
        resolution_due=at(1, 7),
        resolved_at=at(1, 9),
    )
    t3 = _ticket(
        customer,
        category="invoice_dispute",
        channel="api",
        created_at=at(1, 7),
        first_response_due=at(1, 7, 17),
        first_responded_at=at(1, 7, 11),
        resolution_due=at(1, 10),
        close_loop_due=at(1, 14),
        close_loop_met_at=at(1, 13),
    )
    t4 = _ticket(
        customer,
        category="payment_issue",
        channel="web",
        created_at=at(1, 13),
        first_response_due=at(1, 13, 17),
        first_response_breached_at=at(1, 13, 17, 5),
        first_responded_at=at(1, 14),
        resolution_due=at(1, 20),
        close_loop_due=at(1, 15),
        close_loop_breached_at=at(1, 15, 9, 5),
    )
    t5 = _ticket(
        customer,
        category="other",
        created_at=at(1, 14),
        first_response_due=at(1, 19),
        resolution_due=at(1, 25),
    )
    _escalation(t2, "resolved", at(1, 8), outcome="upheld", credit_amount=Decimal("100.00"))
    _escalation(t1, "resolved", at(1, 12), outcome="rejected")
    _escalation(t3, "withdrawn", at(1, 9))
    euro = _escalation(
        t4, "resolved", at(1, 15), outcome="partially_upheld", credit_amount=Decimal("50.00")
    )
    CreditNote.objects.create(
        partner=partner,
        customer=customer,
        amount=Decimal("50.00"),
        currency="EUR",
        reason="r",
        source="operator",
        escalation_id=euro.pk,
    )
    _escalation(
        t5, "resolved", at(12, 20, year=2025), outcome="upheld", credit_amount=Decimal("999")
    )
    stranger = CustomerFactory(partner=other_partner)
    foreign = _ticket(
        stranger,
        category="refund_request",
        channel="api",
        created_at=at(1, 5),
        first_response_due=at(1, 5, 17),
        first_responded_at=at(1, 9, 13),  # 100 hours
    )
    _escalation(foreign, "resolved", at(1, 6), outcome="upheld", credit_amount=Decimal("7.00"))
    return {"tickets": [t1, t2, t3, t4, t5], "foreign": foreign}


def _pay(invoice, amount: str, day: date) -> None:
    Payment.objects.create(
        partner=invoice.partner, invoice=invoice, amount=Decimal(amount), date=day
    )


def build_collections(partner, other_partner) -> None:
    customer = CustomerFactory(partner=partner)
    policy = CollectionsPolicy.objects.create(
        partner=partner,
        version=1,
        steps=[
            {"after_days": 3, "action": "reminder"},
            {"after_days": 10, "action": "final_notice"},
        ],
    )
    i1 = InvoiceFactory(
        customer=customer, amount=Decimal("1000"), issue_date=date(2025, 12, 1),
        due_date=date(2025, 12, 31),
    )  # fmt: skip
    for action, days, performed in (("reminder", 3, 3), ("final_notice", 10, 10)):
        DunningAction.objects.create(
            partner=partner, invoice=i1, policy=policy, action=action, after_days=days,
            due_on=date(2026, 1, performed), performed_on=date(2026, 1, performed),
        )  # fmt: skip
    _pay(i1, "300", date(2026, 1, 6))
    _pay(i1, "500", date(2026, 1, 12))
    i2 = InvoiceFactory(
        customer=customer, amount=Decimal("400"), issue_date=date(2026, 1, 5),
        due_date=date(2026, 1, 20),
    )  # fmt: skip
    _pay(i2, "400", date(2026, 1, 7))
    InvoiceFactory(
        customer=customer, amount=Decimal("9999"), issue_date=date(2026, 1, 5),
        due_date=date(2026, 1, 20), status="void",
    )  # fmt: skip
    i4 = InvoiceFactory(
        customer=customer, amount=Decimal("600"), currency="EUR", issue_date=date(2026, 1, 8),
        due_date=date(2026, 1, 15),
    )  # fmt: skip
    note = CreditNote.objects.create(
        partner=partner, customer=customer, invoice=i4, amount=Decimal("100"), currency="EUR",
        reason="r", source="partner",
    )  # fmt: skip
    allocation = CreditAllocation.objects.create(
        credit_note=note, invoice=i4, amount=Decimal("100")
    )
    CreditAllocation.objects.filter(pk=allocation.pk).update(created_at=at(1, 16))
    i5 = InvoiceFactory(
        customer=CustomerFactory(partner=other_partner), amount=Decimal("5000"),
        issue_date=date(2026, 1, 5), due_date=date(2026, 1, 20),
    )  # fmt: skip
    _pay(i5, "5000", date(2026, 1, 6))
