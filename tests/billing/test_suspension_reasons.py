"""Suspension reasons are a set: fraud and misuse are the operator's, non-payment the partner's (or
a payment's) to lift, and a subscription is active again only when no reason is left."""

from datetime import timedelta

import pytest
from django.utils import timezone

from billing.models import Invoice, Subscription
from billing.services import payment_record, subscription_reactivate, subscription_suspend
from core.actors import SYSTEM, actor_for
from core.errors import NotAllowed
from notifications.models import Notification
from tests.support.billing_helpers import customer_with_subscription, invoice_due, publish, run
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def post(client, subscription, verb, **body):
    return client.post(f"/api/subscriptions/{subscription.id}/{verb}/", body, format="json")


def stored(subscription):
    return Subscription.objects.get(pk=subscription.pk)


@pytest.fixture
def subscription(partner):
    return customer_with_subscription(partner)[1]


def test_fraud_is_only_the_operators_to_set(
    api, admin_user, agent_user, operator_user, subscription
):
    assert post(api(agent_user), subscription, "suspend", reason="fraud").status_code == 403
    assert post(api(admin_user), subscription, "suspend", reason="fraud").status_code == 403
    response = post(api(operator_user), subscription, "suspend", reason="fraud", note="stolen card")
    assert response.status_code == 200
    assert (
        response.json()["suspension_reasons"] == ["fraud"]
        and response.json()["status"] == "suspended"
    )


def test_the_operator_cannot_suspend_for_non_payment(api, operator_user, subscription):
    response = post(api(operator_user), subscription, "suspend", reason="non_payment")
    assert response.status_code == 403
    assert "partner admin" in response.json()["detail"]


def test_an_unknown_reason_is_a_bad_request(api, operator_user, subscription):
    response = post(api(operator_user), subscription, "suspend", reason="boredom")
    assert response.status_code == 400 and "reason" in response.json()


def test_fraud_blocks_reactivation_until_the_operator_lifts_it(
    api, admin_user, operator_user, subscription
):
    post(api(operator_user), subscription, "suspend", reason="misuse")
    refused = post(api(admin_user), subscription, "reactivate", note="customer asked")
    assert refused.status_code == 409
    assert refused.json() == {
        "code": "policy_violation",
        "detail": "This subscription is suspended for misuse by the operator; only the operator "
        "can lift that.",
    }
    assert stored(subscription).status == "suspended"
    lifted = post(api(operator_user), subscription, "reactivate", note="cleared")
    assert lifted.status_code == 200 and lifted.json()["status"] == "active"
    assert lifted.json()["suspension_reasons"] == [] and lifted.json()["data_deletion_at"] is None
    assert Notification.objects.filter(kind="subscription_reactivated").count() == 1


def test_a_payment_lifts_non_payment_but_fraud_keeps_the_subscription_suspended(
    partner, api, operator_user
):
    publish(partner, auto_suspend=True)
    customer, subscription = customer_with_subscription(partner)
    today = timezone.localdate()
    invoice = invoice_due(customer, due=today - timedelta(days=30))
    run(today - timedelta(days=16))
    run(today - timedelta(days=9))  # auto-suspended for non-payment
    post(api(operator_user), subscription, "suspend", reason="fraud")
    assert stored(subscription).suspension_reasons == ["fraud", "non_payment"]
    payment_record(
        actor=SYSTEM, invoice=invoice, amount=invoice.amount, date=today, reference="wire"
    )
    assert (stored(subscription).status, stored(subscription).suspension_reasons) == (
        "suspended",
        ["fraud"],
    )
    assert not Notification.objects.filter(kind="subscription_reactivated").exists()
    post(api(operator_user), subscription, "reactivate")
    assert stored(subscription).status == "active"
    assert Notification.objects.filter(kind="subscription_reactivated").count() == 1


def test_the_operator_cannot_lift_the_partners_non_payment_suspension(
    partner, api, admin_user, operator_user
):
    publish(partner, auto_suspend=True)
    customer, subscription = customer_with_subscription(partner)
    today = timezone.localdate()
    invoice_due(customer, due=today - timedelta(days=30))
    run(today - timedelta(days=16))
    run(today - timedelta(days=9))
    response = post(api(operator_user), subscription, "reactivate")
    assert response.status_code == 409 and "by the partner" in response.json()["detail"]
    assert (
        post(api(admin_user), subscription, "reactivate", note="payment plan agreed").json()[
            "status"
        ]
        == "active"
    )


def test_reactivating_an_active_subscription_is_an_invalid_transition(
    api, admin_user, subscription
):
    response = post(api(admin_user), subscription, "reactivate")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


def test_an_agent_may_neither_suspend_nor_reactivate_nor_cancel(
    api, agent_user, operator_user, subscription
):
    post(api(operator_user), subscription, "suspend", reason="fraud")
    client = api(agent_user)
    assert post(client, subscription, "suspend", reason="non_payment").status_code == 403
    assert post(client, subscription, "reactivate").status_code == 403
    assert post(client, subscription, "cancel").status_code == 403


def test_an_admin_cancels_a_subscription_once(api, admin_user, subscription):
    client = api(admin_user)
    assert (
        post(client, subscription, "cancel", note="contract ended").json()["status"] == "cancelled"
    )
    again = post(client, subscription, "cancel")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    assert post(client, subscription, "suspend", reason="non_payment").status_code == 409


def test_paying_one_of_two_overdue_invoices_keeps_the_suspension(partner):
    publish(partner, auto_suspend=True)
    customer, subscription = customer_with_subscription(partner)
    today = timezone.localdate()
    first = invoice_due(customer, due=today - timedelta(days=30))
    second = invoice_due(customer, due=today - timedelta(days=3))
    run(today - timedelta(days=16))
    run(today - timedelta(days=9))
    payment_record(actor=SYSTEM, invoice=first, amount=first.amount, date=today)
    assert stored(subscription).status == "suspended"
    payment_record(actor=SYSTEM, invoice=second, amount=second.amount, date=today)
    assert stored(subscription).status == "active"
    assert Invoice.objects.filter(status="paid").count() == 2


def test_the_service_itself_refuses_another_partners_admin(subscription, other_partner):
    stranger = actor_for(MembershipFactory(partner=other_partner, role="admin").user)
    with pytest.raises(NotAllowed):
        subscription_suspend(actor=stranger, subscription=subscription, reason="non_payment")
    with pytest.raises(NotAllowed):
        subscription_reactivate(actor=stranger, subscription=subscription)
    assert stored(subscription).status == "active"
