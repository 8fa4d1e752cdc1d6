"""What one message costs the database, asserted: the benchmark's figure follows from it (the
count was 17 statements for a reply before the row was written once, at the end, by one
``INSERT … ON CONFLICT``, and the partners named were read in one query; 12 before the sender's
hourly count was read by that same query and the ticket without a second join of its partner)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailgate.models import InboundEmail
from mailgate.services import inbound_receive
from partners.models import Event
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail
from tickets.models import Message
from tickets.reply_address import reply_address

pytestmark = pytest.mark.django_db


def statements(raw: bytes) -> tuple[InboundEmail, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        row = inbound_receive(raw, via="test")
    # The test's own transaction turns the service's outermost atomic into a savepoint.
    sql = [q["sql"] for q in ctx.captured_queries]
    return row, sql[1:-1] if sql and sql[0].startswith("SAVEPOINT") else sql


@pytest.fixture
def ticket(partner):
    return TicketFactory(customer=CustomerFactory(partner=partner, email="a@c.example"))


def test_a_reply_costs_eleven_statements(ticket):
    inbound_receive(raw_mail(sender="a@c.example", to=reply_address(ticket)), via="warm-up")
    row, sql = statements(raw_mail(sender="a@c.example", to=reply_address(ticket)))
    assert row.status == "attached"
    # partners named with the rate count, ticket, [savepoint, ticket lock, message, ticket
    # updated_at, event, members to tell, release], the inbound row, its event (on PostgreSQL
    # the row and its event are one statement: 10)
    assert len(sql) <= 11, "\n".join(sql)
    assert not any(s.startswith("SELECT COUNT(*)") for s in sql), "the rate count has its own"
    received = Event.objects.get(object_type="inboundemail", object_id=row.pk)
    assert (received.action, received.to_state, received.partner_id) == (
        "received",
        "attached",
        ticket.partner_id,
    )
    assert sum('INSERT INTO "mailgate_inboundemail"' in s for s in sql) == 1
    assert not any(s.startswith('UPDATE "mailgate_inboundemail"') for s in sql)


def test_a_held_message_costs_five_statements(partner):
    row, sql = statements(raw_mail(sender="who@nowhere.example", to=partner.support_email))
    assert (row.status, row.reason) == ("held", "unknown_sender")
    # partners named with the rate count, the sender as a customer (e-mail, then contacts), the
    # row, its event
    assert len(sql) <= 5, "\n".join(sql)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one statement on PostgreSQL only")
def test_on_postgresql_the_row_and_its_event_are_one_statement(ticket):
    row, sql = statements(raw_mail(sender="a@c.example", to=reply_address(ticket)))
    assert not any('INSERT INTO "partners_event"' in s and "inboundemail" in s for s in sql[:-1])
    assert sql[-1].startswith('WITH row AS (INSERT INTO "mailgate_inboundemail"'), sql[-1]
    assert len(sql) <= 10, "\n".join(sql)
    assert Event.objects.filter(object_type="inboundemail", object_id=row.pk).count() == 1


def test_a_duplicate_is_undone_and_answers_the_first_row(ticket):
    raw = raw_mail(sender="a@c.example", to=reply_address(ticket), Message_ID="<dup@c>")
    first = inbound_receive(raw, via="test")
    again = inbound_receive(raw, via="test")
    assert again.pk == first.pk and Message.objects.count() == 1
    assert InboundEmail.objects.count() == 1
    assert Event.objects.filter(object_type="inboundemail", action="received").count() == 1
