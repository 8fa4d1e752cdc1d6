"""The same payment event delivered many times at once (a provider retrying while the first is
still in flight): the partner's webhook row is locked first, so exactly one delivery pays."""

import json
import time

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from billing.models import Payment, WebhookDelivery
from billing.services.webhooks import signature_for, webhook_secret_rotate
from core.actors import actor_for
from tests.support.billing_helpers import invoice_due
from tests.support.factories import CustomerFactory
from tests.support.races import at_once, postgres_only  # noqa: F401 (a fixture)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]
AT_ONCE = 10


def test_the_same_event_sent_ten_times_at_once_pays_once(partner, admin_user):
    secret = webhook_secret_rotate(actor=actor_for(admin_user), partner=partner)
    invoice = invoice_due(CustomerFactory(partner=partner), due=timezone.localdate())
    body = json.dumps(
        {
            "event_id": "evt_race",
            "invoice_number": invoice.number,
            "amount": str(invoice.amount),
            "currency": invoice.currency,
            "date": str(timezone.localdate()),
        }
    ).encode()
    t = int(time.time())
    header = f"t={t},v1={signature_for(secret, t, body)}"

    def deliver():
        response = APIClient().post(
            f"/api/webhooks/payments/{partner.slug}/",
            data=body,
            content_type="application/json",
            HTTP_X_DESK_SIGNATURE=header,
        )
        return response.status_code, response.json()["status"]

    answers = at_once(*[deliver] * AT_ONCE)
    assert sorted(answers) == [(200, "duplicate")] * (AT_ONCE - 1) + [(200, "paid")]
    assert Payment.objects.filter(invoice=invoice).count() == 1
    assert WebhookDelivery.objects.filter(partner=partner, outcome="paid").count() == 1
