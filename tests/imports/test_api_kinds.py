"""Every kind through POST /api/imports/, as CSV and as XLSX; the same file twice is unchanged."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from billing.models import Invoice, Payment, Subscription
from partners.models import Customer, Event
from tests.support.factories import CustomerFactory, InvoiceFactory, SubscriptionFactory
from tests.support.imports import table_file

pytestmark = pytest.mark.django_db

TYPES = ["csv", "xlsx"]
CUSTOMERS = [
    ["name", "external_id", "email", "language", "collections_exempt", "ignored"],
    ["Contoso", "C-1", "ap@contoso.example", "fr", "false", "x"],
    ["Fabrikam", "C-2", "ap@fabrikam.example", "", "true", ""],
]


def _done(job, **counts):
    assert job["status"] == "done", job["errors"]
    assert {name: job[name] for name in counts} == counts
    assert job["processed_rows"] == job["total_rows"]


@pytest.mark.parametrize("file_type", TYPES)
def test_it_imports_customers_then_finds_them_unchanged(
    upload, job_of, admin_user, partner, file_type
):
    response = upload(admin_user, "customers", table_file(CUSTOMERS, file_type))
    assert response.status_code == 202
    assert response.data["status"] == "queued"
    _done(job_of(admin_user, response), created=2, updated=0, unchanged=0, total_rows=2)
    contoso = Customer.objects.get(partner=partner, external_id="C-1")
    assert (contoso.name, contoso.language, contoso.collections_exempt) == ("Contoso", "fr", False)
    fabrikam = Customer.objects.get(partner=partner, external_id="C-2")
    assert (fabrikam.language, fabrikam.collections_exempt) == (partner.default_language, True)
    assert Event.objects.get(object_type="customer", object_id=contoso.pk).actor == admin_user

    events = Event.objects.count()
    again = upload(admin_user, "customers", table_file(CUSTOMERS, file_type))
    _done(job_of(admin_user, again), created=0, updated=0, unchanged=2)
    assert Event.objects.count() == events + 2  # the two jobs' own rows (queued, finished) only


def test_it_updates_a_changed_customer(upload, job_of, admin_user, partner):
    CustomerFactory(partner=partner, external_id="C-1", name="Old", email="ap@contoso.example")
    rows = [CUSTOMERS[0], CUSTOMERS[1]]
    _done(job_of(admin_user, upload(admin_user, "customers", table_file(rows, "csv"))), updated=1)
    assert Customer.objects.get(external_id="C-1").name == "Contoso"


@pytest.mark.parametrize("file_type", TYPES)
def test_it_imports_subscriptions(upload, job_of, admin_user, partner, file_type):
    customer = CustomerFactory(partner=partner, external_id="C-1")
    SubscriptionFactory(customer=customer, external_id="S-OLD", offer="Azure", quantity=1)
    rows = [
        ["external_id", "customer_external_id", "offer", "quantity"],
        ["S-1", "C-1", "Microsoft 365 E3", 25],
        ["S-OLD", "C-1", "Azure", 4],
    ]
    response = upload(admin_user, "subscriptions", table_file(rows, file_type))
    _done(job_of(admin_user, response), created=1, updated=1, unchanged=0)
    assert Subscription.objects.get(external_id="S-1").quantity == 25
    assert Subscription.objects.get(external_id="S-OLD").quantity == 4
    again = upload(admin_user, "subscriptions", table_file(rows, file_type))
    _done(job_of(admin_user, again), created=0, updated=0, unchanged=2)


@pytest.mark.parametrize("file_type", TYPES)
def test_it_imports_invoices_into_dunning(upload, job_of, admin_user, partner, file_type):
    customer = CustomerFactory(partner=partner, external_id="C-1")
    SubscriptionFactory(customer=customer, external_id="S-1")
    issued = date.today() - timedelta(days=40)
    rows = [
        [
            "number",
            "customer_external_id",
            "amount",
            "currency",
            "issue_date",
            "due_date",
            "subscription_external_id",
        ],
        [
            "INV-1",
            "C-1",
            "1200.50",
            "CNY",
            issued.isoformat(),
            (issued + timedelta(30)).isoformat(),
            "S-1",
        ],
        ["INV-2", "C-1", "99", "cny", issued.isoformat(), issued.isoformat(), ""],
    ]
    response = upload(admin_user, "invoices", table_file(rows, file_type))
    _done(job_of(admin_user, response), created=2, unchanged=0)
    invoice = Invoice.objects.get(partner=partner, number="INV-1")
    assert (invoice.amount, invoice.status, invoice.subscription.external_id) == (
        Decimal("1200.50"),
        "open",
        "S-1",
    )
    assert Invoice.objects.get(number="INV-2").currency == "CNY"
    again = upload(admin_user, "invoices", table_file(rows, file_type))
    _done(job_of(admin_user, again), created=0, unchanged=2)


@pytest.mark.parametrize("file_type", TYPES)
def test_it_imports_payments_through_the_payment_service(
    upload, job_of, admin_user, partner, file_type
):
    customer = CustomerFactory(partner=partner)
    invoice = InvoiceFactory(customer=customer, number="INV-9", amount=Decimal("100.00"))
    paid_on = (date.today() - timedelta(days=1)).isoformat()
    rows = [
        ["invoice_number", "amount", "date", "reference"],
        ["INV-9", "40", paid_on, "BANK-1"],
        ["INV-9", "60.00", paid_on, "BANK-2"],
    ]
    response = upload(admin_user, "payments", table_file(rows, file_type))
    _done(job_of(admin_user, response), created=2)
    invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid) == ("paid", Decimal("100.00"))
    assert Payment.objects.get(reference="BANK-1").created_by == admin_user
    again = upload(admin_user, "payments", table_file(rows, file_type))
    _done(job_of(admin_user, again), created=0, unchanged=2)
    assert Payment.objects.count() == 2
