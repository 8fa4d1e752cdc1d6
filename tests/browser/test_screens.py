"""Screenshots of the main screens with the demo desk (``seed_demo``), for docs/screenshots/.

It is also a smoke test: every screen of the partner portal and the operator console renders
with realistic data, in the browser, with its styles and script.
"""

import io

import pytest
from django.core.management import call_command

from demo.management.commands.seed_demo import DEMO_PASSWORD
from partners.models import Customer
from tests.browser.conftest import screenshot, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def assert_styled(page):
    # The stylesheet loaded: the top bar is the dark navy of desk.css, not the browser default.
    assert (
        page.locator(".topbar").evaluate("el => getComputedStyle(el).backgroundColor")
        == "rgb(20, 35, 59)"
    )


def test_partner_portal_screens(demo, page):
    page.goto("/login/")
    assert_styled(page)
    screenshot(page, "sign-in")

    sign_in(page, "contoso-admin", DEMO_PASSWORD)
    assert page.locator(".bars tbody tr").count() >= 1  # tickets by status, as bars
    screenshot(page, "dashboard")

    page.goto("/customers/")
    assert page.locator("table.table tbody tr").count() == 6  # 2 from the operator's file
    screenshot(page, "customers")

    customer = Customer.objects.get(name="Milano Calcolo Srl")
    page.goto(f"/customers/{customer.pk}/")
    screenshot(page, "customer-detail")
    page.get_by_role("tab", name="Invoices").click()
    assert page.locator("#invoices .badge--overdue").count() == 1
    screenshot(page, "customer-invoices")

    page.goto("/members/")
    screenshot(page, "members")


def test_form_and_sign_in_problems(demo, page, settings):
    sign_in(page, "contoso-agent", DEMO_PASSWORD)
    page.goto("/customers/new/")
    page.fill("#id_name", "Lyon Stockage SAS")
    page.fill("#id_email", "factures-at-lyon")
    page.select_option("#id_language", "fr")
    page.get_by_role("button", name="Create customer").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    screenshot(page, "customer-form-error")

    sign_out(page)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, "contoso-agent", "a-wrong-guess")
    assert page.locator("#lockout").is_visible()
    screenshot(page, "sign-in-locked")


def test_operator_console_screens(demo, page):
    sign_in(page, "operator", DEMO_PASSWORD)
    assert_styled(page)
    page.locator(".sidenav").get_by_role("link", name="Partners").click()
    page.wait_for_url("**/ops/")
    assert page.locator("table.table tbody tr").count() == 2
    screenshot(page, "operator-partners")
    page.get_by_role("link", name="Northwind Cloud").click()
    page.wait_for_load_state()
    screenshot(page, "operator-partner-detail")
