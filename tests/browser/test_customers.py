"""An agent works with customers: browse, search, open, create."""

import pytest

from partners.models import Customer
from tests.browser.conftest import sign_in
from tests.support.factories import (
    CustomerFactory,
    InvoiceFactory,
    SubscriptionFactory,
    TicketFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_browses_customers_and_opens_one(page, agent_user, partner):
    lantern = CustomerFactory(partner=partner, name="Shanghai Lantern Ltd", language="zh-hans")
    CustomerFactory(partner=partner, name="Madrid Datos SL", language="es")
    SubscriptionFactory(customer=lantern, offer="Azure SQL Database")
    InvoiceFactory(customer=lantern, number="INV-2041")
    TicketFactory(customer=lantern, subject="Which exchange rate applies?")
    sign_in(page, agent_user.username)
    page.locator(".sidenav").get_by_role("link", name="Customers").click()
    assert page.locator("table.table tbody tr").count() == 2

    page.fill("#customer-search", "lantern")
    page.keyboard.press("Enter")
    page.wait_for_url("**/customers/?q=lantern")
    assert page.locator("table.table tbody tr").count() == 1
    page.get_by_role("link", name="Shanghai Lantern Ltd").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Shanghai Lantern Ltd"

    # Tabs: one panel at a time, reachable with the keyboard.
    subscriptions = page.get_by_role("tab", name="Subscriptions")
    assert subscriptions.get_attribute("aria-selected") == "true"
    assert "Azure SQL Database" in page.locator("#subscriptions").inner_text()
    assert page.locator("#invoices").is_hidden()
    subscriptions.focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="Invoices").get_attribute("aria-selected") == "true"
    assert "INV-2041" in page.locator("#invoices").inner_text()
    page.get_by_role("tab", name="Tickets").click()
    assert "Which exchange rate applies?" in page.locator("#tickets").inner_text()


def test_an_agent_creates_a_customer_after_fixing_a_mistake(page, agent_user, partner):
    sign_in(page, agent_user.username)
    page.goto("/customers/")
    page.get_by_role("link", name="New customer").click()
    page.fill("#id_name", "Paris Nuage SA")
    page.fill("#id_email", "facturation-at-nuage")
    page.select_option("#id_language", "fr")
    assert page.locator("#id_collections_exempt").is_disabled()  # an admin's decision
    page.get_by_role("button", name="Create customer").click()
    page.wait_for_load_state()
    assert "Enter a valid email address." in page.locator("#id_email_error").inner_text()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert page.locator("#id_name").input_value() == "Paris Nuage SA"  # nothing typed is lost

    page.fill("#id_email", "facturation@nuage.example")
    page.get_by_role("button", name="Create customer").click()
    page.wait_for_load_state()
    customer = Customer.objects.get(name="Paris Nuage SA")
    assert customer.partner_id == partner.pk and customer.language == "fr"
    assert page.url.endswith(f"/customers/{customer.pk}/")
    assert "Paris Nuage SA created." in page.locator(".messages").inner_text()
