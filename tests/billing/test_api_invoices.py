"""/api/invoices/: partner users read their own; admins create, void and write off; payments by any
partner user, paid when they reach the amount, never above it. Bad money and dates are 400s."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Invoice, Payment
from billing.services import invoice_freeze
from core.actors import SYSTEM
from partners.models import Event
from tests.support.factories import CustomerFactory, InvoiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(partner):
    return CustomerFactory(partner=partner)


@pytest.fixture
def body(customer):
    return {
        "customer": customer.id,
        "number": "INV-2026-001",
        "amount": "1200.00",
        "issue_date": "2026-03-01",
        "due_date": "2026-03-31",
    }


@pytest.fixture
def invoice(customer):
    return InvoiceFactory(customer=customer, partner=customer.partner, amount=Decimal("1000.00"))


def pay(client, invoice, amount, date=None, **extra):
    return client.post(
        f"/api/invoices/{invoice.id}/payments/",
        {"amount": amount, "date": str(date or timezone.localdate()), **extra},
        format="json",
    )


def test_an_admin_creates_an_invoice_with_money_as_strings_and_iso_dates(
    api, admin_user, body, customer
):
    response = api(admin_user).post("/api/invoices/", body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    today = timezone.localdate()
    assert data == {
        "id": data["id"],
        "customer": customer.id,
        "subscription": None,
        "number": "INV-2026-001",
        "amount": "1200.00",
        "amount_paid": "0.00",
        "amount_credited": "0.00",
        "currency": "CNY",
        "issue_date": "2026-03-01",
        "due_date": "2026-03-31",
        "status": "open",
        "status_reason": "",
        "balance": "1200.00",
        "days_overdue": (today - Invoice.objects.get().due_date).days,
        "frozen": False,
    }
    assert Event.objects.filter(
        object_type="invoice", object_id=data["id"], action="created"
    ).exists()


@pytest.mark.parametrize(
    "amount", ["12.345", "-5.00", "0", "0.00", "abc", "", "1e400", "123456789012345.00", "NaN"]
)
def test_it_refuses_bad_money(api, admin_user, body, amount):
    response = api(admin_user).post("/api/invoices/", {**body, "amount": amount}, format="json")
    assert response.status_code == 400 and "amount" in response.json()
    assert not Invoice.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("due_date", "2026-02-28"),
        ("issue_date", "01/03/2026"),
        ("due_date", "2026-02-30"),
        ("currency", "yuan"),
        ("currency", "cny"),
    ],
)
def test_it_refuses_bad_dates_and_currencies(api, admin_user, body, field, value):
    response = api(admin_user).post("/api/invoices/", {**body, field: value}, format="json")
    assert response.status_code == 400 and field in response.json()


def test_a_due_date_before_the_issue_date_says_so(api, admin_user, body):
    response = api(admin_user).post(
        "/api/invoices/", {**body, "due_date": "2026-02-01"}, format="json"
    )
    assert response.json() == {
        "due_date": ["The due date cannot be before the issue date (2026-03-01)."]
    }


def test_an_invoice_number_is_unique_per_partner(api, admin_user, body):
    client = api(admin_user)
    assert client.post("/api/invoices/", body, format="json").status_code == 201
    again = client.post("/api/invoices/", body, format="json")
    assert again.status_code == 400 and "number" in again.json()


def test_another_partners_customer_cannot_be_invoiced(api, admin_user, body, other_partner):
    theirs = CustomerFactory(partner=other_partner)
    response = api(admin_user).post(
        "/api/invoices/", {**body, "customer": theirs.id}, format="json"
    )
    assert response.status_code == 400 and response.json() == {"customer": ["No such customer."]}


def test_an_agent_reads_invoices_but_does_not_create_them(api, agent_user, body, invoice):
    client = api(agent_user)
    assert client.post("/api/invoices/", body, format="json").status_code == 403
    assert client.get(f"/api/invoices/{invoice.id}/").json()["balance"] == "1000.00"


def test_a_payment_is_recorded_and_the_invoice_is_paid_when_payments_reach_its_amount(
    api, agent_user, invoice
):
    client = api(agent_user)
    first = pay(client, invoice, "250.50", reference="wire 1")
    assert first.status_code == 201
    assert first.json() == {
        "id": first.json()["id"],
        "invoice": invoice.id,
        "amount": "250.50",
        "date": str(timezone.localdate()),
        "reference": "wire 1",
    }
    assert client.get(f"/api/invoices/{invoice.id}/").json()["balance"] == "749.50"
    pay(client, invoice, "749.50")
    data = client.get(f"/api/invoices/{invoice.id}/").json()
    assert (data["status"], data["balance"], data["days_overdue"]) == ("paid", "0.00", 0)
    assert [
        p["amount"] for p in client.get(f"/api/invoices/{invoice.id}/payments/").json()["results"]
    ] == [
        "250.50",
        "749.50",
    ]


def test_an_overpayment_is_refused(api, agent_user, invoice):
    pay(api(agent_user), invoice, "900.00")
    response = pay(api(agent_user), invoice, "100.01")
    assert response.status_code == 400
    assert response.json() == {
        "amount": [
            "This payment of CNY 100.01 exceeds the balance of CNY 100.00; overpayments are "
            "refused."
        ]
    }
    assert Payment.objects.count() == 1 and Invoice.objects.get(
        pk=invoice.pk
    ).amount_paid == Decimal("900.00")


@pytest.mark.parametrize(
    "amount, date, field",
    [
        ("-1.00", None, "amount"),
        ("0.001", None, "amount"),
        ("10", "tomorrow", "date"),
        ("10", "2026-13-01", "date"),
    ],
)
def test_it_refuses_bad_payments(api, agent_user, invoice, amount, date, field):
    if date == "tomorrow":
        date = timezone.localdate() + timedelta(days=1)
    response = pay(api(agent_user), invoice, amount, date)
    assert response.status_code == 400 and field in response.json()


def test_a_payment_on_a_paid_invoice_is_an_invalid_transition(api, agent_user, invoice):
    pay(api(agent_user), invoice, "1000.00")
    response = pay(api(agent_user), invoice, "1.00")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


def test_an_admin_voids_an_invoice_with_a_reason(api, admin_user, agent_user, invoice):
    url = f"/api/invoices/{invoice.id}/void/"
    assert api(agent_user).post(url, {"reason": "issued twice"}, format="json").status_code == 403
    assert api(admin_user).post(url, {"reason": " "}, format="json").status_code == 400
    response = api(admin_user).post(url, {"reason": "issued twice"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["status_reason"]) == ("void", "issued twice")
    assert Event.objects.filter(
        object_type="invoice", object_id=invoice.id, action="void", reason="issued twice"
    ).exists()


def test_an_invoice_with_payments_is_written_off_not_voided(api, admin_user, invoice):
    client = api(admin_user)
    pay(client, invoice, "100.00")
    refused = client.post(f"/api/invoices/{invoice.id}/void/", {"reason": "wrong"}, format="json")
    assert refused.status_code == 409 and "write off" in refused.json()["detail"]
    written = client.post(
        f"/api/invoices/{invoice.id}/write-off/", {"reason": "customer insolvent"}, format="json"
    )
    assert written.status_code == 200 and written.json()["status"] == "written_off"


def test_frozen_and_days_overdue_are_exposed(api, agent_user, invoice):
    invoice_freeze(actor=SYSTEM, invoice=invoice, reason="Escalated dispute")
    data = api(agent_user).get(f"/api/invoices/{invoice.id}/").json()
    assert data["frozen"] is True
    assert data["days_overdue"] == (timezone.localdate() - invoice.due_date).days > 0


def test_other_partners_invoices_are_not_found_anywhere(api, admin_user, other_partner):
    theirs = InvoiceFactory(customer=CustomerFactory(partner=other_partner), partner=other_partner)
    client = api(admin_user)
    assert [row["id"] for row in client.get("/api/invoices/").json()["results"]] == []
    assert client.get(f"/api/invoices/{theirs.id}/").status_code == 404
    assert client.get(f"/api/invoices/{theirs.id}/payments/").status_code == 404
    for verb, payload in (
        ("payments", {"amount": "1.00", "date": "2026-01-01"}),
        ("void", {"reason": "x"}),
        ("write-off", {"reason": "x"}),
    ):
        assert (
            client.post(f"/api/invoices/{theirs.id}/{verb}/", payload, format="json").status_code
            == 404
        )
    assert client.get("/api/invoices/", {"customer": theirs.customer_id}).json()["count"] == 0


def test_the_operator_and_strangers_have_no_invoice_endpoint(api, operator_user, invoice):
    assert api(operator_user).get("/api/invoices/").status_code == 403
    assert api(None).get("/api/invoices/").status_code == 401
