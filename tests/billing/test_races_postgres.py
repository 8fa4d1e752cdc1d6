"""A partner admin suspending for non-payment while an agent records the payment that clears the
balance (PostgreSQL row locks): both take the customer's row first, so whichever comes second
judges what the first wrote. A customer who paid never ends suspended, and no "suspended" e-mail
goes out after the payment."""

import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from billing.models import Invoice, Subscription
from billing.services import subscriptions as suspension
from notifications.models import Notification
from partners.models import Event
from tests.support.billing_helpers import customer_with_subscription, invoice_due, publish, run

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PAIRS = 50


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; run with DATABASE_URL=postgres://…")


@pytest.fixture
def slow_guard(monkeypatch):
    """Every other suspension lingers after its guard answered, so the payment surely arrives
    between the judging and the writing; the others let the payment go first."""
    original, calls = suspension._non_payment_guard, []

    def slow(subscription):
        original(subscription)
        calls.append(subscription.pk)
        if len(calls) % 2:
            time.sleep(0.1)

    monkeypatch.setattr(suspension, "_non_payment_guard", slow)


def race(*requests):
    """Run each (user, path, body) at once, each on its own thread and database connection."""
    barrier, results = threading.Barrier(len(requests)), [None] * len(requests)

    def run(index, user, path, body):
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        try:
            results[index] = client.post(path, body, format="json")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *req)) for i, req in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def overdue_customers(partner, count):
    publish(partner, auto_suspend=False)
    due = timezone.localdate() - timedelta(days=40)
    pairs = []
    for _ in range(count):
        customer, subscription = customer_with_subscription(partner)
        pairs.append((subscription, invoice_due(customer, due=due, amount=Decimal("100.00"))))
    run(due + timedelta(days=7))  # the reminder and the final notice: suspension is allowed
    run(due + timedelta(days=14))
    return pairs


def test_a_customer_who_pays_while_being_suspended_never_ends_suspended(
    partner, admin_user, agent_user, slow_guard
):
    today = str(timezone.localdate())
    codes = []
    for subscription, invoice in overdue_customers(partner, PAIRS):
        suspend, pay = race(
            (
                admin_user,
                f"/api/subscriptions/{subscription.pk}/suspend/",
                {"reason": "non_payment"},
            ),
            (agent_user, f"/api/invoices/{invoice.pk}/payments/", {"amount": "100", "date": today}),
        )
        assert pay.status_code == 201, pay.content
        assert suspend.status_code in (200, 409), suspend.content
        codes.append(suspend.status_code)
        assert Invoice.objects.get(pk=invoice.pk).status == "paid"
        assert Subscription.objects.get(pk=subscription.pk).status == "active"
        paid = Event.objects.get(action="payment_recorded", object_id=invoice.pk).pk
        suspended = Event.objects.filter(action="suspended", object_id=subscription.pk)
        assert all(event.pk < paid for event in suspended)
        customer = invoice.customer
        emails = Notification.objects.filter(recipient=customer.email).order_by("id")
        kinds = [n.kind for n in emails]
        if "subscription_suspended" in kinds:  # suspended first, then the payment lifted it
            assert kinds.index("subscription_suspended") < kinds.index("subscription_reactivated")
            assert kinds[-1] == "subscription_reactivated"
    print(f"{PAIRS} pairs: {codes.count(200)} suspended first, {codes.count(409)} refused")
