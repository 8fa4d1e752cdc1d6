"""A payment that clears the overdue balance lifts a non-payment suspension by itself and tells the
customer; so does writing the balance off or a dispute freezing the invoice."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Subscription, SuspensionRequest
from billing.services import invoice_freeze, invoice_write_off, payment_record
from core.actors import SYSTEM
from notifications.models import Notification
from partners.models import Event
from tests.support.billing_helpers import customer_with_subscription, invoice_due, publish, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended(partner):
    """A customer auto-suspended for one unpaid invoice, 30 days past due."""
    publish(partner, auto_suspend=True)
    customer, subscription = customer_with_subscription(partner, language="ru")
    today = timezone.localdate()
    invoice = invoice_due(customer, due=today - timedelta(days=30), amount=Decimal("1000.00"))
    run(today - timedelta(days=16))
    run(today - timedelta(days=9))
    assert Subscription.objects.get(pk=subscription.pk).status == "suspended"
    return customer, subscription, invoice


def status(subscription):
    return Subscription.objects.get(pk=subscription.pk).status


def test_a_partial_payment_keeps_the_suspension(api, agent_user, suspended):
    _customer, subscription, invoice = suspended
    response = api(agent_user).post(
        f"/api/invoices/{invoice.id}/payments/",
        {"amount": "400.00", "date": str(timezone.localdate()), "reference": "part"},
        format="json",
    )
    assert response.status_code == 201
    assert status(subscription) == "suspended"


def test_paying_the_balance_reactivates_and_emails_the_customer_in_their_language(
    api, agent_user, suspended
):
    customer, subscription, invoice = suspended
    client = api(agent_user)
    today = str(timezone.localdate())
    client.post(
        f"/api/invoices/{invoice.id}/payments/", {"amount": "400.00", "date": today}, format="json"
    )
    client.post(
        f"/api/invoices/{invoice.id}/payments/", {"amount": "600.00", "date": today}, format="json"
    )
    stored = Subscription.objects.get(pk=subscription.pk)
    assert (
        stored.status,
        stored.suspension_reasons,
        stored.suspended_at,
        stored.data_deletion_at,
    ) == ("active", [], None, None)
    mail = Notification.objects.get(kind="subscription_reactivated")
    assert (mail.recipient, mail.language) == (customer.email, "ru")
    event = Event.objects.get(
        object_type="subscription", object_id=subscription.id, action="reactivated"
    )
    assert (event.from_state, event.to_state, event.actor) == ("suspended", "active", agent_user)


def test_writing_off_the_overdue_invoice_reactivates(suspended):
    _customer, subscription, invoice = suspended
    invoice_write_off(actor=SYSTEM, invoice=invoice, reason="Settled out of band")
    assert status(subscription) == "active"


def test_a_dispute_freezing_the_only_overdue_invoice_reactivates(suspended):
    _customer, subscription, invoice = suspended
    invoice_freeze(actor=SYSTEM, invoice=invoice, reason="Escalated dispute")
    assert status(subscription) == "active"


def test_payment_closes_the_ready_to_suspend_item(partner):
    publish(partner, auto_suspend=False)
    customer, _subscription = customer_with_subscription(partner)
    today = timezone.localdate()
    invoice = invoice_due(customer, due=today - timedelta(days=30))
    run(today - timedelta(days=16))
    run(today - timedelta(days=9))
    item = SuspensionRequest.objects.get(invoice=invoice)
    payment_record(actor=SYSTEM, invoice=invoice, amount=invoice.amount, date=today)
    item = SuspensionRequest.objects.get(pk=item.pk)
    assert item.resolved_at is not None and item.resolution == "paid"
