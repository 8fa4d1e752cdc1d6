"""The payment webhook page: every partner user reads the delivery log; only an admin creates or
rotates the secret, which is shown once."""

import pytest

from billing.models import PaymentWebhook
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


def test_an_admin_rotates_the_secret_and_sees_it_once(admin_user, partner):
    client = signed_in(admin_user)
    page = client.post("/settings/payment-webhook/rotate/")
    secret = PaymentWebhook.objects.get(partner=partner).secret
    assert page.status_code == 200 and secret in page.content.decode()
    assert secret not in client.get("/settings/payment-webhook/").content.decode()


def test_an_agent_reads_the_log_but_cannot_rotate(agent_user, partner):
    client = signed_in(agent_user)
    assert client.get("/settings/payment-webhook/").status_code == 200
    assert client.post("/settings/payment-webhook/rotate/").status_code == 403
    assert not PaymentWebhook.objects.filter(partner=partner).exists()
