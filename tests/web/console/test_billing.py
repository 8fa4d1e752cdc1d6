"""The operator console's billing pages: statements across partners (issue, filter, confirm) and
subscriptions across partners, where only the operator suspends for fraud or misuse and lifts it."""

from datetime import timedelta
from decimal import Decimal

import pytest

from billing.models import Statement, Subscription
from billing.services import statement_report_payment
from core.actors import SYSTEM
from tests.support.billing_pages import eligible_for_suspension, today
from tests.support.factories import PartnerFactory, StatementFactory, SubscriptionFactory
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db

CONSOLE_PAGES = ["/ops/statements/", "/ops/statements/new/", "/ops/subscriptions/"]


def test_partner_users_get_403_on_every_console_billing_page(admin_user, agent_user, partner):
    statement = StatementFactory(partner=partner)
    subscription = SubscriptionFactory(customer__partner=partner)
    pages = CONSOLE_PAGES + [
        f"/ops/statements/{statement.pk}/",
        f"/ops/subscriptions/{subscription.pk}/",
    ]
    for user in (admin_user, agent_user):
        client = signed_in(user)
        for path in pages:
            assert client.get(path).status_code == 403, path
        assert client.post(f"/ops/statements/{statement.pk}/confirm/").status_code == 403
        assert (
            client.post(
                f"/ops/subscriptions/{subscription.pk}/suspend/", {"suspend-reason": "fraud"}
            ).status_code
            == 403
        )
    assert Subscription.objects.get(pk=subscription.pk).status == "active"
    assert Statement.objects.get(pk=statement.pk).status == "open"


def test_the_operator_issues_a_statement_to_a_partner(operator_user, partner):
    client = signed_in(operator_user)
    body = {
        "partner": partner.pk,
        "number": "ST-2026-11",
        "amount": "12000.00",
        "currency": "cny",
        "due_date": (today() + timedelta(days=30)).isoformat(),
    }
    page = client.post("/ops/statements/new/", body, follow=True).content.decode()
    assert f"Statement ST-2026-11 issued to {partner.name}." in page
    statement = Statement.objects.get(number="ST-2026-11")
    assert (statement.partner, statement.amount, statement.currency) == (
        partner,
        Decimal("12000.00"),
        "CNY",
    )
    again = client.post("/ops/statements/new/", body).content.decode()
    assert "This partner already has a statement with this number." in again
    assert (
        "Ensure this value is greater than or equal to 0.01."
        in client.post(
            "/ops/statements/new/", {**body, "number": "ST-X", "amount": "-5"}
        ).content.decode()
    )


def test_the_operator_filters_statements_and_confirms_a_reported_payment(operator_user, partner):
    other = PartnerFactory(name="Far Away Cloud")
    reported = StatementFactory(partner=partner, number="ST-REPORTED")
    statement_report_payment(actor=SYSTEM, statement=reported, reference="CMB-1")
    StatementFactory(partner=partner, number="ST-WAITING")
    StatementFactory(partner=other, number="ST-FAR")
    client = signed_in(operator_user)

    def numbers(**params):
        page = client.get("/ops/statements/", params).content.decode()
        return {n for n in ("ST-REPORTED", "ST-WAITING", "ST-FAR") if n in page}

    assert numbers() == {"ST-REPORTED", "ST-WAITING", "ST-FAR"}
    assert numbers(partner=other.pk) == {"ST-FAR"}
    assert numbers(reported="on") == {"ST-REPORTED"}
    back = "/ops/statements/?reported=on"
    page = client.post(f"/ops/statements/{reported.pk}/confirm/", {"next": back}, follow=True)
    assert page.redirect_chain[-1][0] == back
    assert "Statement ST-REPORTED is paid." in page.content.decode()
    reported.refresh_from_db()
    assert reported.status == "paid" and reported.paid_at is not None
    assert numbers(status="paid") == {"ST-REPORTED"}
    offsite = client.post(
        f"/ops/statements/{reported.pk}/confirm/", {"next": "https://evil.example/"}, follow=True
    )
    assert "Statement ST-REPORTED is already paid." in offsite.content.decode()


def test_the_operator_suspends_for_fraud_and_lifts_it(operator_user, admin_user, partner):
    subscription = SubscriptionFactory(customer__partner=partner, offer="Azure Virtual Machines")
    client = signed_in(operator_user)
    assert (
        "Azure Virtual Machines"
        in client.get("/ops/subscriptions/", {"partner": partner.pk}).content.decode()
    )
    page = client.post(
        f"/ops/subscriptions/{subscription.pk}/suspend/",
        {"suspend-reason": "fraud", "suspend-note": "Stolen card"},
        follow=True,
    ).content.decode()
    assert "Suspended for fraud." in page and "Data will be deleted on" in page
    subscription.refresh_from_db()
    assert (subscription.status, subscription.suspension_reasons) == ("suspended", ["fraud"])
    assert "fraud" in client.get("/ops/subscriptions/", {"reason": "fraud"}).content.decode()
    partner_view = signed_in(admin_user).post(
        f"/subscriptions/{subscription.pk}/reactivate/", follow=True
    )
    assert "only the operator can lift that" in partner_view.content.decode()
    assert Subscription.objects.get(pk=subscription.pk).status == "suspended"
    page = client.post(
        f"/ops/subscriptions/{subscription.pk}/lift/",
        {"lift-note": "Card owner confirmed"},
        follow=True,
    ).content.decode()
    assert "Your suspension reasons are lifted." in page
    assert Subscription.objects.get(pk=subscription.pk).status == "active"


def test_the_operator_cannot_suspend_for_non_payment_nor_lift_the_partners_reason(
    operator_user, admin_user, partner
):
    _customer, subscription, _invoice = eligible_for_suspension(partner)
    client = signed_in(operator_user)
    refused = client.post(
        f"/ops/subscriptions/{subscription.pk}/suspend/", {"suspend-reason": "non_payment"}
    )
    assert "Select a valid choice." in refused.content.decode()
    signed_in(admin_user).post(f"/subscriptions/{subscription.pk}/suspend/")
    page = client.post(f"/ops/subscriptions/{subscription.pk}/lift/", follow=True).content.decode()
    assert "suspended for non-payment by the partner; the partner lifts that" in page
    assert Subscription.objects.get(pk=subscription.pk).suspension_reasons == ["non_payment"]


def test_a_partner_admin_cannot_suspend_for_fraud_from_the_partner_page(admin_user, partner):
    subscription = SubscriptionFactory(customer__partner=partner)
    # The partner's suspend button only ever sends non_payment; a forged reason is ignored, and the
    # guard refuses this customer (nothing unpaid).
    page = (
        signed_in(admin_user)
        .post(f"/subscriptions/{subscription.pk}/suspend/", {"reason": "fraud"})
        .content.decode()
    )
    assert "has no unpaid invoice" in page
    assert Subscription.objects.get(pk=subscription.pk).status == "active"


def test_the_partner_page_leads_to_its_statements(operator_user, partner):
    page = signed_in(operator_user).get(f"/ops/partners/{partner.pk}/").content.decode()
    assert f"/ops/statements/new/?partner={partner.pk}" in page
    form = (
        signed_in(operator_user)
        .get("/ops/statements/new/", {"partner": partner.pk})
        .content.decode()
    )
    assert f'<option value="{partner.pk}" selected>' in form
