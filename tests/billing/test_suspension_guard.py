"""Suspending for non-payment is allowed only under the SPEC §4 guard; every refusal says what is
missing and from which date it would be allowed — before the button (the check) and after (409)."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from billing.models import Subscription
from billing.selectors.suspension import suspension_check
from billing.services import invoice_freeze
from core.actors import SYSTEM
from core.ui.dates import format_date as date_format
from notifications.models import Notification
from partners.models import Event
from tests.support.billing_helpers import customer_with_subscription, invoice_due, publish, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def setup(partner, admin_user, api):
    publish(partner, auto_suspend=False)  # reminder 7, final notice 14, suspend 21
    customer, subscription = customer_with_subscription(partner, name="Lantern Ltd")
    return customer, subscription, api(admin_user)


def suspend(client, subscription):
    return client.post(
        f"/api/subscriptions/{subscription.id}/suspend/",
        {"reason": "non_payment", "note": "unpaid"},
        format="json",
    )


def check(client, subscription):
    return client.get(f"/api/subscriptions/{subscription.id}/suspension-check/").json()


def test_it_refuses_a_customer_with_no_unpaid_invoice(setup):
    _customer, subscription, client = setup
    response = suspend(client, subscription)
    assert response.status_code == 409
    assert response.json() == {
        "code": "policy_violation",
        "detail": "Lantern Ltd has no unpaid invoice.",
    }


def test_it_refuses_too_early_and_says_from_which_date(setup, today):
    customer, subscription, client = setup
    invoice = invoice_due(customer, due=today - timedelta(days=10), number="INV-EARLY")
    run(today - timedelta(days=3))  # the reminder went out on day 7
    detail = suspend(client, subscription).json()["detail"]
    assert (
        "Invoice INV-EARLY is 10 days overdue; the policy allows suspension from 21 days overdue."
        in detail
    )
    assert (
        "Notices not sent yet for invoice INV-EARLY: "
        f"final notice ({date_format(invoice.due_date + timedelta(days=14))})." in detail
    )
    allowed_from = invoice.due_date + timedelta(days=21)
    assert (
        f"Suspension for non-payment would be allowed from {date_format(allowed_from)}." in detail
    )
    assert check(client, subscription) == {
        "allowed": False,
        "reason": detail,
        "allowed_from": str(allowed_from),
        "invoice": invoice.id,
    }


def test_it_refuses_when_the_notices_were_not_sent_even_if_the_days_have_passed(setup, today):
    customer, subscription, client = setup
    invoice_due(customer, due=today - timedelta(days=30), number="INV-SILENT")
    detail = suspend(client, subscription).json()["detail"]
    assert (
        "Notices not sent yet for invoice INV-SILENT: reminder" in detail
        and "final notice" in detail
    )
    # Sent today, the final notice would give the customer the policy's week: allowed a week from
    # now.
    assert f"would be allowed from {date_format(today + timedelta(days=7))}." in detail


def test_it_refuses_until_the_date_the_final_notice_announced(setup, today):
    customer, subscription, client = setup
    invoice_due(customer, due=today - timedelta(days=30), number="INV-LATE")
    run(today)  # catch-up: reminder and final notice today; access impacted a week later
    response = suspend(client, subscription)
    assert response.status_code == 409
    assert (
        f"The final notice for invoice INV-LATE announced {date_format(today + timedelta(days=7))}"
        in response.json()["detail"]
    )


def test_it_refuses_when_the_only_unpaid_invoice_is_frozen_by_a_dispute(setup, today):
    customer, subscription, client = setup
    invoice = invoice_due(customer, due=today - timedelta(days=40))
    run(today - timedelta(days=15))
    invoice_freeze(actor=SYSTEM, invoice=invoice, reason="Escalated dispute")
    body = check(client, subscription)
    assert body["allowed"] is False and body["allowed_from"] is None
    assert "frozen by an open dispute" in body["reason"]


def test_it_names_the_dispute_and_never_calls_a_not_yet_due_invoice_overdue(setup, today):
    customer, subscription, client = setup
    frozen = invoice_due(customer, due=today - timedelta(days=45), number="INV-HELD")
    invoice_due(customer, due=today + timedelta(days=5), number="INV-NEXT")
    invoice_freeze(actor=SYSTEM, invoice=frozen, reason="dispute #12")
    reason = check(client, subscription)["reason"]
    assert reason.startswith("Invoice INV-HELD is frozen by a dispute (dispute #12). ")
    assert (
        f"Invoice INV-NEXT is not due until {date_format(today + timedelta(days=5))}; the policy "
        "allows suspension from 21 days overdue." in reason
    )
    assert "0 days overdue" not in reason


def test_it_writes_every_date_of_a_refusal_in_one_format_of_the_language(setup, today):
    customer, subscription, _client = setup
    invoice_due(customer, due=today - timedelta(days=10), number="INV-FR")
    with translation.override("fr"):
        reason = suspension_check(subscription, today=today).reason
        dates = [
            date_format(today + timedelta(days=4)),
            date_format(today + timedelta(days=11)),
        ]
    assert all(d in reason for d in dates), reason
    assert str(today + timedelta(days=4)) not in reason


def test_it_refuses_an_exempt_customer(partner, admin_user, api, today):
    publish(partner)
    customer, subscription = customer_with_subscription(
        partner, name="Exempt Co", collections_exempt=True
    )
    invoice_due(customer, due=today - timedelta(days=60))
    detail = suspend(api(admin_user), subscription).json()["detail"]
    assert (
        detail == "Exempt Co is exempt from collections, so it cannot be suspended for non-payment."
    )


def test_it_refuses_when_the_policy_has_no_suspend_step(partner, admin_user, api, today):
    publish(partner, steps=[{"after_days": 5, "action": "reminder"}])
    customer, subscription = customer_with_subscription(partner)
    invoice_due(customer, due=today - timedelta(days=60))
    run(today)
    detail = suspend(api(admin_user), subscription).json()["detail"]
    assert "has no suspend step, so it never allows suspension for non-payment" in detail


def test_it_allows_once_every_notice_was_sent_and_the_day_has_come(setup, today):
    customer, subscription, client = setup
    invoice_due(customer, due=today - timedelta(days=25))
    run(today - timedelta(days=18))
    run(today - timedelta(days=11))  # final notice: access impacted from day 21 = four days ago
    assert check(client, subscription)["allowed"] is True
    response = suspend(client, subscription)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "suspended" and body["suspension_reasons"] == ["non_payment"]
    stored = Subscription.objects.get(pk=subscription.pk)
    assert stored.data_deletion_at == stored.suspended_at + timedelta(days=60)
    assert (
        Notification.objects.filter(kind="subscription_suspended", recipient=customer.email).count()
        == 1
    )
    event = Event.objects.get(
        object_type="subscription", object_id=subscription.id, action="suspended"
    )
    assert (event.from_state, event.to_state, event.reason, event.data) == (
        "active",
        "suspended",
        "unpaid",
        {"reason": "non_payment"},
    )


def test_a_second_non_payment_suspension_is_an_invalid_transition(setup, today):
    customer, subscription, client = setup
    invoice_due(customer, due=today - timedelta(days=25))
    run(today - timedelta(days=11))
    run(today - timedelta(days=4))
    assert suspend(client, subscription).status_code == 200
    second = suspend(client, subscription)
    assert second.status_code == 409 and second.json()["code"] == "invalid_transition"
