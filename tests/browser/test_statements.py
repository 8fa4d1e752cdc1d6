"""What a partner owes the operator, both sides of it: the partner admin reports paying a
statement and reads its exposure; the operator confirms the payment from the console."""

import io

import pytest
from django.core.management import call_command

from billing.models import Statement
from demo.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_a_partner_reports_a_payment_and_the_operator_confirms_it(demo, page, new_page):
    sign_in(page, "contoso-admin", DEMO_PASSWORD)
    page.locator(".sidenav").get_by_role("link", name="Statements").click()
    page.wait_for_load_state()
    assert page.locator("table.table tbody tr").count() == 3
    page.get_by_role("link", name="Report payment").click()
    page.wait_for_load_state()
    number = page.locator("h1").inner_text()
    page.fill("#id_reference", "ICBC-20261122-0042")
    page.get_by_role("button", name="Report payment").click()
    page.wait_for_load_state()
    assert f"Payment reported for statement {number}." in page.locator(".messages").inner_text()
    page.get_by_role("link", name="Statements", exact=True).first.click()
    page.wait_for_load_state()
    assert "ICBC-20261122-0042" in page.locator("table.table").inner_text()
    screenshot(page, "statements")

    page.locator(".subnav").get_by_role("link", name="Exposure").click()
    page.wait_for_load_state()
    assert page.locator(".exposure__bar .stackbar__seg--owed").count() == 1
    assert (
        page.locator(".exposure__row").first.locator(".exposure__bar .stackbar__seg").count() >= 2
    )  # receivables of several ages
    screenshot(page, "exposure")

    operator = new_page()
    sign_in(operator, "operator", DEMO_PASSWORD)
    operator.locator(".sidenav").get_by_role("link", name="Statements").click()
    operator.get_by_label("Payment reported, to confirm").check()
    operator.get_by_role("button", name="Apply").click()
    operator.wait_for_load_state()
    row = operator.locator("tr", has_text="ICBC-20261122-0042")
    assert row.count() == 1
    screenshot(operator, "operator-statements")
    operator.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Confirm payment").click()
    operator.wait_for_load_state()
    assert f"Statement {number} is paid." in operator.locator(".messages").inner_text()
    assert Statement.objects.get(number=number).status == "paid"
