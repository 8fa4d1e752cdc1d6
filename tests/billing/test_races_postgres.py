"""A partner admin suspending for non-payment while an agent records the payment that clears the
balance (PostgreSQL row locks): both take the customer's row first, so whichever comes second
judges what the first wrote. A customer who paid never ends suspended, and no "suspended" e-mail
goes out after the payment."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Invoice, Statement, Subscription
from billing.services import subscriptions as suspension
from notifications.models import Notification
from partners.models import Event
from tests.support.billing_helpers import customer_with_subscription, invoice_due, publish, run
from tests.support.races import postgres_only, race  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]

PAIRS = 50


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


def test_twenty_invoices_with_one_number_at_once_give_one_201_and_the_same_400(partner, admin_user):
    customer, _subscription = customer_with_subscription(partner)
    body = {
        "customer": customer.pk,
        "number": "INV-RACE",
        "amount": "10.00",
        "issue_date": "2026-01-01",
        "due_date": "2026-02-01",
    }
    responses = race(*[(admin_user, "/api/invoices/", body)] * 20)
    assert sorted(r.status_code for r in responses) == [201] + [400] * 19
    refusals = {r.json()["number"][0] for r in responses if r.status_code == 400}
    assert refusals == {"An invoice with this number already exists."}
    assert Invoice.objects.filter(number="INV-RACE").count() == 1


def test_twenty_statements_with_one_number_at_once_give_one_201_and_the_same_400(
    partner, operator_user
):
    body = {"partner": partner.pk, "number": "ST-RACE", "amount": "10.00", "due_date": "2026-02-01"}
    responses = race(*[(operator_user, "/api/statements/", body)] * 20)
    assert sorted(r.status_code for r in responses) == [201] + [400] * 19
    refusals = {r.json()["number"][0] for r in responses if r.status_code == 400}
    assert refusals == {"This partner already has a statement with this number."}
    assert Statement.objects.filter(number="ST-RACE").count() == 1
