"""A partner admin reads the suspension guard's answer on the subscription page before pressing
anything: the refusal with its reason and date for one customer, and suspends an eligible one."""

import pytest

from billing.models import Subscription
from tests.browser.conftest import screenshot, sign_in
from tests.support.billing_pages import eligible_for_suspension, too_early_for_suspension

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_sees_the_refusal_before_pressing_then_suspends_an_eligible_subscription(
    page, admin_user, partner
):
    _early_customer, early, _ = too_early_for_suspension(
        partner, name="Moskva Oblako OOO", number="INV-2026-1102"
    )
    _customer, late, _ = eligible_for_suspension(
        partner, name="Seattle Widgets Inc", number="INV-2026-1019"
    )
    sign_in(page, admin_user.username)

    page.goto(f"/subscriptions/{early.pk}/")
    guard = page.locator("#guard")
    assert "Suspension for non-payment is not allowed now" in guard.inner_text()
    assert (
        "Invoice INV-2026-1102 is 10 days overdue; "
        "the policy allows suspension from 21 days overdue." in guard.inner_text()
    )
    assert "Allowed from" in guard.inner_text()
    button = page.get_by_role("button", name="Suspend for non-payment")
    assert button.is_disabled()
    screenshot(page, "subscription-page")

    page.locator(".sidenav").get_by_role("link", name="Subscriptions").click()
    page.get_by_role("link", name="Seattle Widgets Inc").locator("xpath=ancestor::tr").get_by_role(
        "link"
    ).first.click()
    page.wait_for_load_state()
    assert "Suspension for non-payment is allowed" in page.locator("#guard").inner_text()
    page.fill("#suspend-note", "Three reminders unanswered; called on Friday.")
    page.once("dialog", lambda dialog: dialog.accept())  # "Suspend this subscription …?"
    page.get_by_role("button", name="Suspend for non-payment").click()
    page.wait_for_load_state()
    assert (
        "The subscription is suspended for non-payment." in page.locator(".messages").inner_text()
    )
    assert "Data will be deleted on" in page.locator(".deletion-alert").inner_text()
    assert Subscription.objects.get(pk=late.pk).status == "suspended"
    assert Subscription.objects.get(pk=early.pk).status == "active"
    screenshot(page, "subscription-suspended")
