"""The invoice pages: a list with filters, the invoice with its payments, collections steps and
history; partner users record payments, admins void or write off, always through the services."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Invoice, Payment, Subscription
from billing.services import invoice_freeze, payment_record
from core.actors import SYSTEM
from tests.support.billing_helpers import customer_with_subscription, invoice_due, publish, run
from tests.support.billing_pages import today
from tests.support.factories import CustomerFactory, InvoiceFactory
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(partner):
    return CustomerFactory(partner=partner, name="Lantern Ltd")


@pytest.fixture
def invoice(customer):
    return invoice_due(
        customer, due=today() - timedelta(days=12), number="INV-0042", amount=Decimal("1200.00")
    )


def pay(client, invoice, amount, **extra):
    body = {"amount": amount, "date": today().isoformat(), "reference": "BANK-1", **extra}
    return client.post(f"/invoices/{invoice.pk}/payments/", body, follow=True)


def test_the_list_shows_each_invoice_with_its_balance_and_days_overdue(agent_user, invoice):
    page = signed_in(agent_user).get("/invoices/").content.decode()
    assert "INV-0042" in page and "Lantern Ltd" in page
    assert "12 days overdue" in page and f'href="/invoices/{invoice.pk}/"' in page


def test_the_list_filters_by_status_customer_overdue_and_frozen(
    agent_user, partner, customer, invoice
):
    other = CustomerFactory(partner=partner, name="Madrid Datos SL")
    InvoiceFactory(
        customer=other,
        number="INV-FUTURE",
        due_date=today() + timedelta(days=5),
        issue_date=today() - timedelta(days=5),
    )
    paid = invoice_due(other, due=today() - timedelta(days=40), number="INV-PAID")
    payment_record(actor=SYSTEM, invoice=paid, amount=paid.amount, date=today())
    client = signed_in(agent_user)

    def numbers(**params):
        page = client.get("/invoices/", params).content.decode()
        return {n for n in ("INV-0042", "INV-FUTURE", "INV-PAID") if n in page}

    assert numbers() == {"INV-0042", "INV-FUTURE", "INV-PAID"}
    assert numbers(status="paid") == {"INV-PAID"}
    assert numbers(customer=other.pk) == {"INV-FUTURE", "INV-PAID"}
    assert numbers(overdue="on") == {"INV-0042"}
    assert numbers(q="madrid") == {"INV-FUTURE", "INV-PAID"}
    assert numbers(frozen="on") == set()
    invoice_freeze(actor=SYSTEM, invoice=invoice, reason="dispute")
    assert numbers(frozen="on") == {"INV-0042"}
    assert numbers(status="nonsense", customer="x") == {
        "INV-0042",
        "INV-FUTURE",
        "INV-PAID",
    }  # ignored, not a 500


def test_another_partners_invoices_are_not_found_or_listed(other_agent_user, invoice):
    client = signed_in(other_agent_user)
    assert client.get(f"/invoices/{invoice.pk}/").status_code == 404
    assert pay(client, invoice, "10.00").status_code == 404
    assert (
        "INV-0042"
        not in client.get("/invoices/", {"customer": invoice.customer_id}).content.decode()
    )
    assert not Payment.objects.exists()


def test_the_invoice_page_shows_amount_balance_overdue_and_frozen(agent_user, invoice):
    invoice_freeze(actor=SYSTEM, invoice=invoice, reason="disputed by the customer")
    page = signed_in(agent_user).get(f"/invoices/{invoice.pk}/").content.decode()
    assert "CNY 1,200.00" in page and "12 days overdue" in page
    assert "frozen: disputed" in page and "An open dispute holds this invoice" in page
    assert "frozen by a dispute" in page and "disputed by the customer" in page  # the timeline


def test_an_agent_records_a_partial_then_a_final_payment(agent_user, invoice):
    client = signed_in(agent_user)
    response = pay(client, invoice, "200.00")
    assert (
        "Payment recorded. CNY 1,000.00 is still due on invoice INV-0042."
        in response.content.decode()
    )
    response = pay(client, invoice, "1000.00", reference="BANK-2")
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/invoices/{invoice.pk}/"
    assert "Invoice INV-0042 is paid in full." in page and "BANK-2" in page
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.balance == 0
    assert list(invoice.payments.values_list("created_by", flat=True)) == [
        agent_user.pk,
        agent_user.pk,
    ]


def test_an_overpayment_is_refused_with_the_services_reason(agent_user, invoice):
    response = pay(signed_in(agent_user), invoice, "1500.00")
    page = response.content.decode()
    assert response.status_code == 200 and not response.redirect_chain
    assert (
        "This payment of CNY 1,500.00 exceeds the balance of CNY 1,200.00; overpayments are "
        "refused." in page
    )
    assert (
        'id="id_amount_error"' in page and 'value="1500.00"' in page
    )  # on the field, what was typed kept
    assert not Payment.objects.exists()


def test_a_payment_that_brings_the_subscription_back_says_so(agent_user, partner):
    publish(partner, auto_suspend=True)
    customer, subscription = customer_with_subscription(partner)
    today = timezone.localdate()
    overdue = invoice_due(customer, due=today - timedelta(days=30), amount=Decimal("1000.00"))
    run(today - timedelta(days=16))
    run(today - timedelta(days=9))
    assert Subscription.objects.get(pk=subscription.pk).status == "suspended"
    page = pay(signed_in(agent_user), overdue, "1000.00").content.decode()
    assert f"Invoice {overdue.number} is paid in full." in page
    assert "1 suspended subscription of this customer is active again." in page


def test_bad_payment_input_is_refused_like_the_api_refuses_it(agent_user, invoice):
    client = signed_in(agent_user)
    future = pay(
        client, invoice, "10.00", date=(today() + timedelta(days=1)).isoformat()
    ).content.decode()
    assert "A payment cannot be dated in the future." in future
    assert (
        "Ensure that there are no more than 2 decimal places."
        in pay(client, invoice, "1.005").content.decode()
    )
    assert (
        "Ensure this value is greater than or equal to 0.01."
        in pay(client, invoice, "0").content.decode()
    )
    assert not Payment.objects.exists()


def test_a_paid_invoice_takes_no_more_payments(agent_user, invoice):
    payment_record(actor=SYSTEM, invoice=invoice, amount=invoice.amount, date=today())
    client = signed_in(agent_user)
    assert "Record a payment" not in client.get(f"/invoices/{invoice.pk}/").content.decode()
    page = pay(client, invoice, "1.00").content.decode()
    assert "Invoice INV-0042 is paid; only an open invoice can change." in page


def test_an_agent_may_not_void_or_write_off(agent_user, invoice):
    client = signed_in(agent_user)
    assert (
        "Only a partner admin can void an invoice"
        in client.get(f"/invoices/{invoice.pk}/").content.decode()
    )
    for action in ("void", "write-off"):
        assert (
            client.post(f"/invoices/{invoice.pk}/{action}/", {"reason": "gone"}).status_code == 403
        )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.OPEN


def test_an_admin_voids_an_invoice_with_a_reason(admin_user, invoice):
    client = signed_in(admin_user)
    missing = client.post(f"/invoices/{invoice.pk}/void/", {"reason": ""}).content.decode()
    assert "This field is required." in missing
    page = client.post(
        f"/invoices/{invoice.pk}/void/", {"reason": "Issued twice"}, follow=True
    ).content.decode()
    assert "Invoice INV-0042 is void." in page and "Issued twice" in page
    invoice.refresh_from_db()
    assert (invoice.status, invoice.status_reason) == (Invoice.Status.VOID, "Issued twice")


def test_voiding_an_invoice_with_payments_is_refused_with_the_reason_and_write_off_works(
    admin_user, invoice
):
    payment_record(actor=SYSTEM, invoice=invoice, amount=Decimal("200.00"), date=today())
    client = signed_in(admin_user)
    page = client.post(
        f"/invoices/{invoice.pk}/void/", {"reason": "gone"}, follow=True
    ).content.decode()
    assert (
        "has payments of 200.00 CNY; write off the remaining balance instead of voiding it." in page
    )
    page = client.post(
        f"/invoices/{invoice.pk}/write-off/", {"reason": "Customer went bankrupt"}, follow=True
    ).content.decode()
    assert "The balance of invoice INV-0042 is written off." in page
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.WRITTEN_OFF


def test_the_page_shows_which_collections_steps_were_done_and_which_come(
    agent_user, partner, customer
):
    publish(partner, auto_suspend=False)  # reminder 7, final notice 14, suspend 21
    invoice = invoice_due(customer, due=today() - timedelta(days=10), number="INV-STEPS")
    run(today() - timedelta(days=3))  # the reminder, on its day
    page = signed_in(agent_user).get(f"/invoices/{invoice.pk}/").content.decode()
    reminder_day = (invoice.due_date + timedelta(days=7)).strftime("%m/%d/%Y")
    assert f"Done on {reminder_day}" in page
    assert page.count("Upcoming") == 2  # final notice and suspend
    assert "reminder sent" in page  # the event, labelled
    assert f"/p/{partner.slug}/collections-policy/?version=1" in page


def test_get_changes_nothing(agent_user, invoice):
    response = signed_in(agent_user).get(f"/invoices/{invoice.pk}/payments/")
    assert response["Location"] == f"/invoices/{invoice.pk}/"
    assert signed_in(agent_user).get(f"/invoices/{invoice.pk}/void/").status_code == 403
