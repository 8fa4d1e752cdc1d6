"""Mailgun's inbound webhook (django-anymail): signed posts reach the service, others are 400."""

import hashlib
import hmac

import pytest

from mailgate.models import InboundEmail
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail
from tickets.models import Message
from tickets.reply_address import reply_address

URL = "/api/webhooks/mailgun/inbound_mime/"
KEY = "mailgun-signing-key-for-tests"


@pytest.fixture(autouse=True)
def signing_key(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "MAILGUN_WEBHOOK_SIGNING_KEY": KEY}


def signed(raw: bytes, key: str = KEY) -> dict:
    timestamp, token = "1767225600", "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    return {
        "body-mime": raw.decode(),
        "timestamp": timestamp,
        "token": token,
        "signature": signature,
    }


@pytest.mark.django_db
def test_a_signed_post_lands_on_the_ticket(client, partner):
    ticket = TicketFactory(customer=CustomerFactory(partner=partner, email="a@customer.example"))
    raw = raw_mail(sender="a@customer.example", to=reply_address(ticket), body="Via Mailgun.")
    response = client.post(URL, signed(raw))
    assert response.status_code == 200
    row = InboundEmail.objects.get()
    assert (row.via, row.status) == ("mailgun", "attached")
    assert Message.objects.get(ticket=ticket).body == "Via Mailgun."


@pytest.mark.django_db
def test_a_badly_signed_post_is_refused_and_records_nothing(client, partner):
    raw = raw_mail(sender="a@customer.example", to=partner.support_email)
    response = client.post(URL, signed(raw, key="someone-else"))
    assert response.status_code == 400
    assert not InboundEmail.objects.exists()
