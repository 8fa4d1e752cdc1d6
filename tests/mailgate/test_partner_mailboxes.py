"""Partners' own IMAP mailboxes, against a real dovecot with two users: one beat task polls the
catch-all and each partner's mailbox, every message recorded for the mailbox's partner whatever
its headers say; the settings through the API (admin or operator; the password write-only)."""

import pytest
from imap_tools import AND, MailBoxUnencrypted

from mailgate import tasks
from mailgate.models import InboundEmail, PartnerMailbox
from notifications.reply_address import reply_address_for
from tests.support.dovecot import USERS, deliver
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail
from tickets.models import Message, Ticket
from tickets.reply_address import reply_address


@pytest.fixture
def boxes(dovecot, partner, other_partner, settings):
    settings.INBOUND_IMAP_HOST = ""  # no catch-all: only the partners' own mailboxes
    for owner, user in ((partner, "partner-a"), (other_partner, "partner-b")):
        PartnerMailbox.objects.create(
            partner=owner,
            host="127.0.0.1",
            port=dovecot.port,
            user=user,
            password=USERS[user],
            ssl=False,
        )
    yield dovecot
    for user, password in USERS.items():
        with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(user, password) as client:
            client.delete([m.uid for m in client.fetch(headers_only=True)])


def unseen(dovecot, user: str) -> int:
    with MailBoxUnencrypted("127.0.0.1", dovecot.port).login(user, USERS[user]) as client:
        return len(list(client.fetch(AND(seen=False), mark_seen=False, headers_only=True)))


@pytest.mark.django_db
def test_each_partners_mailbox_is_polled_and_recorded_for_that_partner(
    boxes, partner, other_partner
):
    ticket = TicketFactory(customer=CustomerFactory(partner=partner, email="a@cust.example"))
    CustomerFactory(partner=other_partner, email="b@cust.example")
    deliver(
        boxes,
        raw_mail(sender="a@cust.example", to=reply_address(ticket), body="A"),
        "a",
        user="partner-a",
    )
    # Addressed to partner A's support address, but it arrived in partner B's mailbox.
    deliver(
        boxes,
        raw_mail(sender="b@cust.example", to=partner.support_email, subject="B"),
        "b",
        user="partner-b",
    )
    assert tasks.poll_imap() == 2
    mine = InboundEmail.objects.get(partner=partner)
    theirs = InboundEmail.objects.get(partner=other_partner)
    assert (mine.status, mine.ticket_id, mine.via) == ("attached", ticket.pk, "imap")
    assert theirs.status == "new_ticket"
    assert Ticket.objects.get(pk=theirs.ticket_id).partner_id == other_partner.pk
    assert Message.objects.get(ticket=ticket).body == "A"
    assert unseen(boxes, "partner-a") == unseen(boxes, "partner-b") == 0
    assert tasks.poll_imap() == 0


@pytest.mark.django_db
def test_partner_as_reply_address_in_partner_bs_mailbox_names_nothing(
    boxes, partner, other_partner
):
    ticket = TicketFactory(customer=CustomerFactory(partner=partner, email="a@cust.example"))
    spoofed = raw_mail(
        sender="a@cust.example",
        to=reply_address(ticket),
        subject=f"Re: [#{ticket.pk}]",
        Delivered_To=reply_address_for(partner, "t", ticket.pk),
    )
    deliver(boxes, spoofed, "spoof", user="partner-b")
    assert tasks.poll_imap() == 1
    row = InboundEmail.objects.get()
    assert (row.partner_id, row.status, row.reason, row.ticket_id) == (
        other_partner.pk,
        "held",
        "unknown_sender",
        None,
    )
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_mailbox_that_cannot_log_in_does_not_stop_the_others(boxes, partner, other_partner):
    PartnerMailbox.objects.filter(partner=partner).update(password="wrong")
    CustomerFactory(partner=other_partner, email="b@cust.example")
    deliver(
        boxes,
        raw_mail(sender="b@cust.example", to=other_partner.support_email),
        "c",
        user="partner-b",
    )
    deliver(
        boxes, raw_mail(sender="x@cust.example", to=partner.support_email), "d", user="partner-a"
    )
    assert tasks.poll_imap() == 1
    assert InboundEmail.objects.get().partner_id == other_partner.pk
    assert unseen(boxes, "partner-a") == 1


@pytest.mark.django_db
def test_an_admin_sets_the_mailbox_and_the_password_is_never_shown(
    api, admin_user, agent_user, other_admin_user, operator_user, partner
):
    url = f"/api/partners/{partner.pk}/mailbox/"
    body = {"host": "imap.partner.example", "user": "support", "password": "s3cret", "ssl": True}
    response = api(admin_user).put(url, body, format="json")
    assert response.status_code == 200, response.json()
    assert "password" not in response.json() and response.json()["password_set"] is True
    assert PartnerMailbox.objects.get().password == "s3cret"
    again = api(admin_user).put(url, {**body, "password": "", "port": 1143}, format="json")
    assert again.status_code == 200
    row = PartnerMailbox.objects.get()
    assert (row.port, row.password) == (1143, "s3cret")  # a blank password keeps the one set
    assert "s3cret" not in api(agent_user).get(url).content.decode()
    assert api(agent_user).put(url, body, format="json").status_code == 403
    assert api(other_admin_user).get(url).status_code == 404
    assert api(other_admin_user).put(url, body, format="json").status_code == 404
    assert api(operator_user).delete(url).status_code == 204
    assert not PartnerMailbox.objects.exists()


@pytest.mark.django_db
def test_a_first_mailbox_without_a_password_is_refused_by_field(api, admin_user, partner):
    response = api(admin_user).put(
        f"/api/partners/{partner.pk}/mailbox/", {"host": "h.example", "user": "u"}, format="json"
    )
    assert response.status_code == 400 and "password" in response.json()
    assert not PartnerMailbox.objects.exists()
