"""An agent records payments on an overdue invoice, the last one paying it in full."""

from datetime import timedelta
from decimal import Decimal

import pytest

from billing.models import Invoice
from billing.services import payment_record
from core.actors import SYSTEM
from tests.browser.conftest import screenshot, sign_in
from tests.support.billing_helpers import invoice_due, publish, run
from tests.support.billing_pages import today
from tests.support.factories import CustomerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def invoice(partner):
    publish(partner, auto_suspend=False)  # reminder 7, final notice 14, suspend 21
    customer = CustomerFactory(partner=partner, name="Madrid Datos SL", language="es")
    invoice = invoice_due(
        customer,
        due=today() - timedelta(days=16),
        number="INV-2026-0815",
        amount=Decimal("4800.00"),
    )
    run(today() - timedelta(days=9))  # the reminder, on its day
    run(today() - timedelta(days=2))  # the final notice, on its day
    payment_record(
        actor=SYSTEM,
        invoice=invoice,
        amount=Decimal("1800.00"),
        date=today() - timedelta(days=1),
        reference="CMB-20261120-77",
    )
    return invoice


def test_an_agent_records_a_payment_that_pays_the_invoice(page, agent_user, invoice):
    sign_in(page, agent_user.username)
    page.locator(".sidenav").get_by_role("link", name="Invoices").click()
    page.get_by_label("Overdue only").check()
    page.get_by_role("button", name="Apply").click()
    page.get_by_role("link", name="INV-2026-0815").click()
    page.wait_for_load_state()
    assert "16 days overdue" in page.locator(".page-header").inner_text()
    assert "Done on" in page.locator("#steps-title").locator("xpath=../..").inner_text()

    # Too much first: the service refuses, the amount stays in the field with the reason beside it.
    page.fill("#id_amount", "3500")
    page.fill("#id_reference", "CMB-20261122-03")
    page.get_by_role("button", name="Record payment").click()
    page.wait_for_load_state()
    assert "exceeds the balance of CNY 3,000.00" in page.locator("#id_amount_error").inner_text()
    assert page.locator("#id_amount").input_value() == "3500"
    page.evaluate(
        "window.scrollTo(0, 0)"
    )  # the form's #anchor scrolled down; the picture starts at the top
    screenshot(page, "invoice-page")

    page.fill("#id_amount", "3000.00")
    page.get_by_role("button", name="Record payment").click()
    page.wait_for_load_state()
    assert "Invoice INV-2026-0815 is paid in full." in page.locator(".messages").inner_text()
    assert page.locator(".page-header .badge--paid").inner_text() == "paid"
    assert page.locator("#record-payment").count() == 0
    assert Invoice.objects.get(pk=invoice.pk).status == "paid"
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "invoice-paid")
