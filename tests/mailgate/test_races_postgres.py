"""The same message delivered twice at the same moment (an MTA retry racing a poller): one row,
one customer message; the loser waits on the unique Message-ID, rolls back what it did and
answers the first row. Real connections and commits, PostgreSQL only."""

import threading

import pytest
from django.db import connection

from mailgate.models import InboundEmail
from mailgate.services import inbound_receive
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail
from tickets.models import Message
from tickets.reply_address import reply_address

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; run with DATABASE_URL=postgres://…")


def test_twins_at_once_are_stored_once(partner):
    ticket = TicketFactory(customer=CustomerFactory(partner=partner, email="a@c.example"))
    raw = raw_mail(sender="a@c.example", to=reply_address(ticket), Message_ID="<twin@c>")
    barrier, rows = threading.Barrier(3), []

    def deliver():
        barrier.wait()
        try:
            rows.append(inbound_receive(raw, via="race").pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(rows) == 3 and len(set(rows)) == 1
    assert InboundEmail.objects.count() == 1
    assert Message.objects.filter(ticket=ticket).count() == 1
