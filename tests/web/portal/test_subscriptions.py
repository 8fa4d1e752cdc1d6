"""The subscription page: the suspension guard's answer is on the page before anything is pressed;
a partner admin suspends, reactivates and cancels through the services, which decide again."""

from datetime import timedelta

import pytest
from django.utils import timezone

from billing.models import Subscription
from billing.services import subscription_suspend
from core.actors import actor_for
from core.ui.dates import format_date
from notifications.models import Notification
from tests.support.billing_pages import eligible_for_suspension, too_early_for_suspension
from tests.support.factories import SubscriptionFactory
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


def url(subscription, action=""):
    return f"/subscriptions/{subscription.pk}/{action + '/' if action else ''}"


def test_the_guard_refusal_and_the_date_it_would_be_allowed_show_before_pressing(
    admin_user, partner
):
    _customer, subscription, invoice = too_early_for_suspension(partner)
    page = signed_in(admin_user).get(url(subscription)).content.decode()
    assert "Suspension for non-payment is not allowed now" in page
    assert (
        "Invoice INV-EARLY is 10 days overdue; the policy allows suspension from 21 days overdue."
        in page
    )
    allowed_from = format_date(invoice.due_date + timedelta(days=21))
    assert f"Allowed from <strong>{allowed_from}</strong>" in page
    assert 'disabled aria-describedby="guard"' in page  # the button waits for that day
    subscription.refresh_from_db()
    assert subscription.status == "active"  # asking changed nothing


def test_an_admin_suspends_an_eligible_subscription_and_sees_the_deletion_date(admin_user, partner):
    customer, subscription, _invoice = eligible_for_suspension(partner)
    client = signed_in(admin_user)
    page = client.get(url(subscription)).content.decode()
    assert (
        "Suspension for non-payment is allowed" in page
        and "every notice of the policy was sent" in page
    )
    response = client.post(
        url(subscription, "suspend"), {"note": "Called twice, no answer"}, follow=True
    )
    page = response.content.decode()
    assert "The subscription is suspended for non-payment." in page
    subscription.refresh_from_db()
    assert subscription.status == "suspended" and subscription.suspension_reasons == ["non_payment"]
    deletion = format_date(subscription.data_deletion_at)
    assert f"Data will be deleted on {deletion}" in page and "in 60 days" in page
    assert "Called twice, no answer" in page  # the history
    assert (
        Notification.objects.filter(kind="subscription_suspended", recipient=customer.email).count()
        == 1
    )


def test_the_service_stays_the_guard_when_the_button_is_forced(admin_user, partner):
    _customer, subscription, _invoice = too_early_for_suspension(partner)
    response = signed_in(admin_user).post(url(subscription, "suspend"), {"note": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Suspension for non-payment would be allowed from" in page
        and 'class="alert alert--error"' in page
    )
    subscription.refresh_from_db()
    assert subscription.status == "active"


def test_an_agent_sees_the_guard_but_may_not_act(agent_user, partner):
    _customer, subscription, _invoice = eligible_for_suspension(partner)
    client = signed_in(agent_user)
    page = client.get(url(subscription)).content.decode()
    assert "Suspension for non-payment is allowed" in page
    assert (
        "Only a partner admin can suspend, reactivate or cancel" in page
        and url(subscription, "suspend") not in page
    )
    forced = client.post(url(subscription, "suspend"))
    assert (
        forced.status_code == 403
        and b"Only the operator or this partner&#x27;s admin may do this." in forced.content
    )
    assert client.post(url(subscription, "cancel")).status_code == 403
    subscription.refresh_from_db()
    assert subscription.status == "active"


def test_an_admin_lifts_non_payment_but_not_the_operators_fraud(admin_user, operator_user, partner):
    _customer, subscription, _invoice = eligible_for_suspension(partner)
    client = signed_in(admin_user)
    client.post(url(subscription, "suspend"))
    subscription_suspend(
        actor=actor_for(operator_user),
        subscription=subscription,
        reason="fraud",
        note="stolen card",
    )
    page = client.get(url(subscription)).content.decode()
    assert "The operator suspended it for fraud; only the operator can lift that" in page
    page = client.post(
        url(subscription, "reactivate"), {"note": "paid by phone"}, follow=True
    ).content.decode()
    assert "Your suspension reason is lifted." in page
    subscription.refresh_from_db()
    assert (subscription.status, subscription.suspension_reasons) == ("suspended", ["fraud"])
    again = client.post(url(subscription, "reactivate"), follow=True).content.decode()
    assert "suspended for fraud by the operator; only the operator can lift that." in again


def test_an_admin_cancels_a_subscription(admin_user, partner):
    subscription = SubscriptionFactory(customer__partner=partner)
    page = (
        signed_in(admin_user)
        .post(url(subscription, "cancel"), {"note": "Moved away"}, follow=True)
        .content.decode()
    )
    assert "The subscription is cancelled." in page
    assert Subscription.objects.get(pk=subscription.pk).status == "cancelled"
    assert "Suspension for non-payment" not in page  # no guard for a cancelled subscription


def test_another_partners_subscription_is_not_found(other_agent_user, partner):
    _customer, subscription, _invoice = eligible_for_suspension(partner)
    client = signed_in(other_agent_user)
    assert client.get(url(subscription)).status_code == 404
    for action in ("suspend", "reactivate", "cancel"):
        assert client.post(url(subscription, action)).status_code == 404
    assert "Lantern Ltd" not in client.get("/subscriptions/").content.decode()


def test_the_list_filters_by_status_reason_and_customer(agent_user, admin_user, partner):
    customer, subscription, _invoice = eligible_for_suspension(partner)
    signed_in(admin_user).post(url(subscription, "suspend"))
    SubscriptionFactory(customer__partner=partner, offer="Azure SQL Database")
    client = signed_in(agent_user)

    def offers(**params):
        page = client.get("/subscriptions/", params).content.decode()
        return {
            offer for offer in ("Azure Virtual Machines", "Azure SQL Database") if offer in page
        }

    assert offers() == {"Azure Virtual Machines", "Azure SQL Database"}
    assert offers(status="suspended") == {"Azure Virtual Machines"}
    assert offers(reason="non_payment") == {"Azure Virtual Machines"}
    assert offers(reason="fraud") == set()
    assert offers(customer=customer.pk) == {"Azure Virtual Machines"}
    assert offers(q="sql") == {"Azure SQL Database"}


def test_the_customer_page_links_to_the_subscription_and_invoice_pages(agent_user, partner):
    customer, subscription, invoice = eligible_for_suspension(partner)
    page = signed_in(agent_user).get(f"/customers/{customer.pk}/").content.decode()
    assert (
        f'href="/subscriptions/{subscription.pk}/"' in page
        and f'href="/invoices/{invoice.pk}/"' in page
    )


def test_the_path_emails_link_to_is_this_page(partner):
    from billing.links import subscription_url

    _customer, subscription, _invoice = eligible_for_suspension(partner)
    assert subscription_url(subscription.pk).endswith(url(subscription))


def test_data_deletion_days_count_down(admin_user, partner):
    _customer, subscription, _invoice = eligible_for_suspension(partner)
    signed_in(admin_user).post(url(subscription, "suspend"))
    soon = timezone.localtime().replace(hour=12) + timedelta(days=3)
    Subscription.objects.filter(pk=subscription.pk).update(data_deletion_at=soon)
    assert "in 3 days" in signed_in(admin_user).get(url(subscription)).content.decode()
