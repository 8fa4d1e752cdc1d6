"""The credit flow in the browser: the operator upholds a dispute with a credit, the partner sees
its invoice, its customer and its debt to the operator lowered, and an admin credits the rest by
hand from the invoice page."""

from decimal import Decimal

import pytest

from notifications.models import Notification
from tests.browser.conftest import screenshot, sign_in, sign_out
from tests.support.factories import MembershipFactory, StatementFactory, make_operator
from tests.support.ticket_states import escalation_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_upheld_credit_is_booked_on_both_sides_and_an_admin_credits_the_rest(
    page, agent_user, partner
):
    StatementFactory(partner=partner, amount=Decimal("5000.00"), number="ST-2026-11")
    escalation = escalation_in("in_review", agent_user)
    invoice = escalation.ticket.invoice
    operator = make_operator()

    sign_in(page, operator.username)
    page.goto(f"/ops/escalations/{escalation.pk}/")
    page.select_option("#id_resolve-outcome", "upheld")
    page.fill("#id_resolve-response", "Seats 9 and 10 were billed twice; credited.")
    page.fill("#id_resolve-credit_amount", "330")
    page.locator("form[action$='/resolve/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "CNY 330.00" in page.locator("main").inner_text()
    sign_out(page)

    admin = MembershipFactory(partner=partner, role="admin").user
    sign_in(page, admin.username)
    page.goto(f"/invoices/{invoice.pk}/")
    assert page.locator("[data-credited]").inner_text() == "CNY 330.00"
    assert "CNY 870.00" in page.locator(".stats").inner_text()
    assert "Seats 9 and 10" in page.locator("#credit-notes").inner_text()

    page.fill("#credit-invoice #id_amount", "900")  # more than the balance: refused, with why
    page.fill("#credit-invoice #id_reason", "Goodwill")
    page.get_by_role("button", name="Issue credit").click()
    page.wait_for_load_state()
    assert "cannot exceed the balance" in page.locator("#credit-invoice").inner_text()
    page.fill("#credit-invoice #id_amount", "870")
    page.fill("#credit-invoice #id_reason", "Goodwill for the outage")
    page.get_by_role("button", name="Issue credit").click()
    page.wait_for_load_state()
    assert "paid" in page.locator(".page-header").inner_text().lower()
    screenshot(page, "invoice-credited")

    page.goto("/exposure/")
    text = page.locator("main").inner_text()
    assert "CNY 4,670.00" in text and "Less the operator's credits" in text
    assert Notification.objects.filter(kind="credit_issued").count() == 2
