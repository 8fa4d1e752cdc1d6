"""Payments by signed webhook: a good signature pays the invoice exactly once through the payment
service; a forged, missing or replayed one pays nothing; what cannot be matched is kept for
review; every delivery is in the partner's log."""

import json
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from billing.models import Invoice, Payment, WebhookDelivery
from billing.services.webhooks import signature_for
from tests.support.billing_helpers import day, invoice_due, publish, run
from tests.support.factories import CustomerFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(api, admin_user, partner):
    response = api(admin_user).post(f"/api/partners/{partner.pk}/webhook-secret/")
    assert response.status_code == 200
    return response.json()["secret"]


@pytest.fixture
def invoice(partner):
    return invoice_due(CustomerFactory(partner=partner), due=timezone.localdate())


def payload(invoice, event_id="evt_1", **fields):
    data = {
        "event_id": event_id,
        "invoice_number": invoice.number,
        "amount": "1200.00",
        "currency": invoice.currency,
        "date": str(timezone.localdate()),
        "reference": "BANK-778",
    }
    return json.dumps({**data, **fields}).encode()


def deliver(api, partner, body: bytes, secret: str, *, at=None, header=None):
    t = int(time.time()) if at is None else at
    header = header if header is not None else f"t={t},v1={signature_for(secret, t, body)}"
    return api().post(
        f"/api/webhooks/payments/{partner.slug}/",
        data=body,
        content_type="application/json",
        HTTP_X_DESK_SIGNATURE=header,
    )


def test_a_signed_payment_pays_the_invoice_exactly_once(api, partner, secret, invoice):
    body = payload(invoice)
    first = deliver(api, partner, body, secret)
    assert first.status_code == 200 and first.json()["status"] == "paid"
    again = deliver(api, partner, body, secret)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    assert Payment.objects.filter(invoice=invoice).count() == 1
    assert Invoice.objects.get(pk=invoice.pk).status == "paid"
    assert WebhookDelivery.objects.filter(partner=partner).count() == 2


@pytest.mark.parametrize(
    "header",
    ["", "t=abc,v1=00", "v1=deadbeef", "t={t},v1=" + "0" * 64],
)
def test_a_forged_or_missing_signature_is_401_and_pays_nothing(
    api, partner, secret, invoice, header
):
    response = deliver(api, partner, payload(invoice), secret, header=header.format(t=time.time()))
    assert response.status_code == 401
    assert not Payment.objects.exists()
    assert WebhookDelivery.objects.get().outcome == "rejected"


def test_a_signature_with_another_partners_secret_is_401(
    api, partner, other_partner, other_admin_user, secret, invoice
):
    theirs = api(other_admin_user).post(f"/api/partners/{other_partner.pk}/webhook-secret/")
    response = deliver(api, partner, payload(invoice), theirs.json()["secret"])
    assert response.status_code == 401 and not Payment.objects.exists()


def test_a_replay_older_than_five_minutes_is_401(api, partner, secret, invoice):
    response = deliver(api, partner, payload(invoice), secret, at=int(time.time()) - 301)
    assert response.status_code == 401 and not Payment.objects.exists()


def test_an_unknown_invoice_or_wrong_currency_is_422_and_kept_for_review(
    api, agent_user, partner, secret, invoice
):
    unknown = deliver(api, partner, payload(invoice, "evt_a", invoice_number="NOPE"), secret)
    assert unknown.status_code == 422 and "NOPE" in unknown.json()["detail"]
    wrong = deliver(api, partner, payload(invoice, "evt_b", currency="USD"), secret)
    assert wrong.status_code == 422 and "USD" in wrong.json()["detail"]
    log = api(agent_user).get("/api/webhook-deliveries/").json()["results"]
    assert [(d["event_id"], d["outcome"]) for d in log] == [
        ("evt_b", "unmatched"),
        ("evt_a", "unmatched"),
    ]
    assert not Payment.objects.exists()


def test_an_overpayment_is_kept_unmatched(api, partner, secret, invoice):
    response = deliver(api, partner, payload(invoice, amount="5000.00"), secret)
    assert response.status_code == 422 and not Payment.objects.exists()


def test_a_body_that_is_not_a_payment_is_400(api, partner, secret):
    response = deliver(api, partner, b'{"event_id": "x"}', secret)
    assert response.status_code == 400 and WebhookDelivery.objects.get().outcome == "invalid"


def test_the_payment_goes_through_the_payment_service_and_reactivates(api, partner, secret):
    publish(partner)
    customer = CustomerFactory(partner=partner)
    invoice = invoice_due(customer, due=timezone.localdate() - timezone.timedelta(days=30))
    subscription = SubscriptionFactory(customer=customer, partner=partner)
    for offset in (7, 14, 30):
        run(day(offset, invoice.due_date))
    subscription.refresh_from_db()
    assert subscription.status == "suspended"
    assert deliver(api, partner, payload(invoice), secret).status_code == 200
    subscription.refresh_from_db()
    assert subscription.status == "active"
    assert Payment.objects.get().amount == Decimal("1200.00")


def test_only_that_partners_admin_or_the_operator_sets_the_secret(
    api, agent_user, other_admin_user, operator_user, partner
):
    url = f"/api/partners/{partner.pk}/webhook-secret/"
    assert api(agent_user).post(url).status_code == 403
    assert api(other_admin_user).post(url).status_code == 404
    first = api(operator_user).post(url).json()["secret"]
    assert api(operator_user).post(url).json()["secret"] != first  # rotated


def test_an_unknown_partner_is_404(api):
    response = api().post(
        "/api/webhooks/payments/nobody/", data=b"{}", content_type="application/json"
    )
    assert response.status_code == 404
