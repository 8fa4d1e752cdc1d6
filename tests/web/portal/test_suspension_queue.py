"""The "ready to suspend" queue: a partner admin suspends the customer from there or dismisses the
item; agents see it; other partners' items do not exist."""

from datetime import timedelta

import pytest

from billing.models import Subscription, SuspensionRequest
from tests.support.billing_helpers import run
from tests.support.billing_pages import eligible_for_suspension, today
from tests.support.factories import SubscriptionFactory
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(partner):
    customer, subscription, invoice = eligible_for_suspension(partner)
    SubscriptionFactory(customer=customer, offer="Azure SQL Database")
    run(
        today() - timedelta(days=4)
    )  # the suspend step: manual suspension puts the customer in the queue
    return SuspensionRequest.objects.get(invoice=invoice, resolved_at__isnull=True)


def test_the_queue_lists_the_customer_with_the_invoice_and_what_would_stop(agent_user, item):
    page = signed_in(agent_user).get("/subscriptions/ready-to-suspend/").content.decode()
    assert "Lantern Ltd" in page and "INV-LATE" in page and "25 days overdue" in page
    assert "Only a partner admin can suspend or dismiss." in page
    assert f"/subscriptions/ready-to-suspend/{item.pk}/suspend/" not in page


def test_an_admin_suspends_every_active_subscription_from_the_queue(admin_user, item):
    response = signed_in(admin_user).post(
        f"/subscriptions/ready-to-suspend/{item.pk}/suspend/", follow=True
    )
    assert "Lantern Ltd: 2 subscriptions suspended for non-payment." in response.content.decode()
    statuses = set(
        Subscription.objects.filter(customer=item.customer).values_list("status", flat=True)
    )
    assert statuses == {"suspended"}
    item.refresh_from_db()
    assert item.resolved_at is not None and item.resolution == "suspended"


def test_an_admin_dismisses_an_item(admin_user, item):
    page = (
        signed_in(admin_user)
        .post(f"/subscriptions/ready-to-suspend/{item.pk}/dismiss/", follow=True)
        .content.decode()
    )
    assert (
        "Lantern Ltd is no longer in the queue; nothing was suspended." in page
        and "Nothing waiting" in page
    )
    item.refresh_from_db()
    assert item.resolution == "dismissed"
    assert not Subscription.objects.filter(customer=item.customer, status="suspended").exists()
    again = signed_in(admin_user).post(
        f"/subscriptions/ready-to-suspend/{item.pk}/dismiss/", follow=True
    )
    assert "This item is already closed (dismissed)." in again.content.decode()


def test_agents_may_not_act_on_the_queue(agent_user, item):
    client = signed_in(agent_user)
    assert client.post(f"/subscriptions/ready-to-suspend/{item.pk}/suspend/").status_code == 403
    assert client.post(f"/subscriptions/ready-to-suspend/{item.pk}/dismiss/").status_code == 403
    item.refresh_from_db()
    assert item.resolved_at is None


def test_other_partners_items_are_not_found(other_agent_user, item):
    client = signed_in(other_agent_user)
    assert "Lantern Ltd" not in client.get("/subscriptions/ready-to-suspend/").content.decode()
    assert client.post(f"/subscriptions/ready-to-suspend/{item.pk}/dismiss/").status_code == 404


def test_a_customer_with_nothing_left_to_suspend_is_refused_with_the_reason(admin_user, item):
    Subscription.objects.filter(customer=item.customer).delete()
    page = (
        signed_in(admin_user)
        .post(f"/subscriptions/ready-to-suspend/{item.pk}/suspend/", follow=True)
        .content.decode()
    )
    assert (
        "Lantern Ltd has no active subscription left to suspend; dismiss this item instead." in page
    )
