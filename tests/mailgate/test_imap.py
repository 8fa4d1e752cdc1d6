"""The IMAP poller against a real dovecot: messages handed in, flagged only once recorded."""

import pytest
from django.db import DatabaseError
from imap_tools import AND, MailBoxUnencrypted

from mailgate import imap
from mailgate.imap import Mailbox, imap_poll
from mailgate.models import InboundEmail
from tests.support.dovecot import PASSWORD, USER, deliver
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail
from tickets.models import Message
from tickets.reply_address import reply_address


@pytest.fixture
def mailbox(dovecot):
    box = Mailbox(host="127.0.0.1", port=dovecot.port, user=USER, password=PASSWORD, ssl=False)
    yield box
    with MailBoxUnencrypted(box.host, box.port).login(USER, PASSWORD) as client:
        client.delete([message.uid for message in client.fetch(headers_only=True)])


def unseen(mailbox: Mailbox) -> int:
    with MailBoxUnencrypted(mailbox.host, mailbox.port).login(USER, PASSWORD) as client:
        return len(list(client.fetch(AND(seen=False), mark_seen=False, headers_only=True)))


@pytest.mark.django_db
def test_the_poller_hands_each_message_in_and_flags_it(dovecot, mailbox, partner):
    ticket = TicketFactory(customer=CustomerFactory(partner=partner, email="a@customer.example"))
    deliver(dovecot, raw_mail(sender="a@customer.example", to=reply_address(ticket), body="1"), "a")
    deliver(dovecot, raw_mail(sender="x@nowhere.example", to=partner.support_email), "b")
    deliver(dovecot, b"no headers at all\r\n", "c")
    assert imap_poll(mailbox) == 2
    assert sorted(InboundEmail.objects.values_list("status", flat=True)) == ["attached", "held"]
    assert set(InboundEmail.objects.values_list("via", flat=True)) == {"imap"}
    assert Message.objects.get(ticket=ticket).body == "1"
    assert unseen(mailbox) == 0
    assert imap_poll(mailbox) == 0  # nothing handed in twice


@pytest.mark.django_db
def test_a_message_stays_unseen_when_its_row_could_not_be_written(
    dovecot, mailbox, partner, monkeypatch
):
    deliver(dovecot, raw_mail(sender="x@nowhere.example", to=partner.support_email), "d")

    def database_down(raw, *, via, partner=None):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(imap, "inbound_receive", database_down)
    assert imap_poll(mailbox) == 0
    assert unseen(mailbox) == 1
    monkeypatch.undo()
    assert imap_poll(mailbox) == 1 and unseen(mailbox) == 0


@pytest.mark.django_db
def test_the_poller_can_move_done_messages_to_a_folder(dovecot, mailbox, partner):
    with MailBoxUnencrypted(mailbox.host, mailbox.port).login(USER, PASSWORD) as client:
        if not client.folder.exists("Done"):
            client.folder.create("Done")
    deliver(dovecot, raw_mail(sender="x@nowhere.example", to=partner.support_email), "e")
    moving = Mailbox(**{**mailbox.__dict__, "done_folder": "Done"})
    assert imap_poll(moving) == 1
    with MailBoxUnencrypted(mailbox.host, mailbox.port).login(
        USER, PASSWORD, initial_folder="Done"
    ) as client:
        assert len(list(client.fetch(headers_only=True))) == 1
