"""inbound_receive: routing by recipient, reply address, thread, subject tag; who may speak."""

import pytest

from mailgate.models import InboundEmail
from mailgate.services import inbound_receive
from notifications.models import Notification
from partners.models import Event
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail, received
from tickets.models import Message, Ticket, TicketStatus
from tickets.reply_address import reply_address

pytestmark = pytest.mark.django_db
Status, Reason = InboundEmail.Status, InboundEmail.Reason


@pytest.fixture
def ticket(partner):
    customer = CustomerFactory(partner=partner, email="alice@customer.example")
    return TicketFactory(customer=customer)


def first_email(ticket) -> Notification:
    from tickets.services.emails import customer_email

    customer_email(ticket, "ticket_received", "created")
    return Notification.objects.filter(thread=f"ticket:{ticket.pk}").order_by("id").first()


def test_a_reply_to_the_reply_address_lands_on_the_ticket(ticket):
    raw = raw_mail(sender="Alice <alice@customer.example>", to=reply_address(ticket), body="Hi.")
    row = received(raw)
    assert (row.status, row.reason, row.ticket_id) == (
        Status.ATTACHED,
        Reason.REPLY_ADDRESS,
        ticket.pk,
    )
    message = Message.objects.get(pk=row.ticket_message_id)
    assert (message.body, message.visibility, message.author_kind) == ("Hi.", "public", "customer")
    with row.raw.open("rb") as kept:
        assert kept.read() == raw
    assert row.raw.name.startswith("inbound/")
    assert Event.objects.filter(object_type="inboundemail", object_id=row.pk).count() == 1


def test_a_reply_by_in_reply_to_lands_on_the_ticket(ticket, partner):
    sent = first_email(ticket)
    raw = raw_mail(
        sender="alice@customer.example", to=partner.support_email, In_Reply_To=sent.message_id
    )
    row = inbound_receive(raw, via="test")
    assert (row.status, row.reason, row.ticket_id) == (Status.ATTACHED, Reason.THREAD, ticket.pk)


def test_a_reply_by_subject_tag_lands_on_the_ticket(ticket, partner):
    raw = raw_mail(
        sender="alice@customer.example", to=partner.support_email, subject=f"Re: [#{ticket.pk}]"
    )
    row = inbound_receive(raw, via="test")
    assert (row.status, row.reason) == (Status.ATTACHED, Reason.SUBJECT_TAG)


def test_a_reply_reopens_a_waiting_or_resolved_ticket(ticket):
    Ticket.objects.filter(pk=ticket.pk).update(status=TicketStatus.RESOLVED)
    inbound_receive(raw_mail(sender="alice@customer.example", to=reply_address(ticket)), via="t")
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.OPEN


def test_it_holds_a_reply_from_someone_else_than_the_customer(ticket):
    raw = raw_mail(sender="mallory@evil.example", to=reply_address(ticket))
    row = inbound_receive(raw, via="test")
    assert (row.status, row.reason, row.ticket_id) == (
        Status.HELD,
        Reason.NOT_THE_CUSTOMER,
        ticket.pk,
    )
    assert not Message.objects.filter(ticket=ticket).exists()


def test_it_holds_a_reply_to_a_closed_ticket_with_the_reason(ticket):
    Ticket.objects.filter(pk=ticket.pk).update(status=TicketStatus.CLOSED)
    row = inbound_receive(
        raw_mail(sender="alice@customer.example", to=reply_address(ticket)), via="t"
    )
    assert (row.status, row.reason) == (Status.HELD, Reason.REFUSED)
    assert "closed" in row.detail


def test_a_tampered_reply_address_matches_no_ticket(ticket, partner):
    address = reply_address(ticket)
    forged = address.replace(f"+t{ticket.pk}.", f"+t{ticket.pk + 1}.")
    row = inbound_receive(raw_mail(sender="alice@customer.example", to=forged), via="t")
    assert row.partner_id == partner.pk
    assert row.status == Status.NEW_TICKET  # a known customer writing to the partner
    assert row.ticket_id != ticket.pk


def test_a_message_to_partner_b_never_touches_partner_a_tickets(ticket, other_partner):
    sent = first_email(ticket)
    CustomerFactory(partner=other_partner, email="alice@customer.example")
    raw = raw_mail(
        sender="alice@customer.example",
        to=other_partner.support_email,
        subject=f"Re: [#{ticket.pk}]",
        In_Reply_To=sent.message_id,
        References=sent.message_id,
    )
    row = inbound_receive(raw, via="test")
    assert row.partner_id == other_partner.pk
    assert row.status == Status.NEW_TICKET
    assert Ticket.objects.get(pk=row.ticket_id).partner_id == other_partner.pk
    assert not Message.objects.filter(ticket=ticket).exists()


def test_a_reply_address_of_partner_a_sent_to_partner_b_is_not_honoured(ticket, other_partner):
    local, _, _domain = reply_address(ticket).partition("@")
    spoofed = (
        f"{local.replace('support', other_partner.support_email.split('@')[0])}@"
        + (other_partner.support_email.split("@")[1])
    )
    row = inbound_receive(raw_mail(sender="alice@customer.example", to=spoofed), via="t")
    assert row.partner_id == other_partner.pk
    assert row.ticket_id is None and row.status == Status.HELD
    assert row.reason == Reason.UNKNOWN_SENDER


def test_a_known_customer_writing_to_the_partner_opens_a_ticket(partner):
    customer = CustomerFactory(partner=partner, email="bob@customer.example", language="fr")
    raw = raw_mail(sender="Bob <BOB@customer.example>", to=partner.support_email, subject="Help")
    row = inbound_receive(raw, via="test")
    ticket = Ticket.objects.get(pk=row.ticket_id)
    assert (row.status, ticket.customer_id, ticket.category) == (
        Status.NEW_TICKET,
        customer.pk,
        "billing_question",
    )
    assert (ticket.subject, ticket.description) == ("Help", "A question.")
    ack = Notification.objects.get(kind="ticket_received", recipient="bob@customer.example")
    assert ack.language == "fr"


def test_it_holds_a_message_from_an_unknown_sender(partner):
    row = inbound_receive(raw_mail(sender="who@nowhere.example", to=partner.support_email), via="t")
    assert (row.status, row.reason, row.partner_id) == (
        Status.HELD,
        Reason.UNKNOWN_SENDER,
        partner.pk,
    )
    assert not Ticket.objects.exists()


def test_it_rejects_a_message_addressed_to_no_partner(db):
    row = inbound_receive(raw_mail(sender="a@b.example", to="nobody@else.example"), via="t")
    assert (row.status, row.reason, row.partner_id) == (
        Status.REJECTED,
        Reason.UNKNOWN_RECIPIENT,
        None,
    )


@pytest.mark.parametrize(
    "header",
    [
        {"Auto_Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"Precedence": "junk"},
        {"Precedence": "list"},
        {"X_Autoreply": "yes"},
        {"X_Auto_Response_Suppress": "All"},
        {"List_Id": "<news.example>"},
    ],
)
def test_it_ignores_automatic_mail_and_sends_nothing_back(ticket, header):
    raw = raw_mail(sender="alice@customer.example", to=reply_address(ticket), **header)
    row = inbound_receive(raw, via="test")
    assert (row.status, row.reason) == (Status.IGNORED, Reason.AUTO_REPLY)
    assert not Message.objects.exists() and not Notification.objects.exists()


def test_auto_submitted_no_is_a_person_writing(ticket):
    raw = raw_mail(sender="alice@customer.example", to=reply_address(ticket), Auto_Submitted="no")
    assert inbound_receive(raw, via="test").status == Status.ATTACHED


def test_it_ignores_mail_from_the_desks_own_addresses(ticket, partner, settings):
    for sender in (settings.DEFAULT_FROM_EMAIL, partner.support_email):
        row = inbound_receive(raw_mail(sender=sender, to=reply_address(ticket)), via="test")
        assert (row.status, row.reason) == (Status.IGNORED, Reason.OWN_ADDRESS)


def test_the_same_message_id_twice_is_stored_once(ticket):
    raw = raw_mail(sender="alice@customer.example", to=reply_address(ticket), Message_ID="<x@y>")
    first = inbound_receive(raw, via="test")
    again = inbound_receive(raw, via="test")
    assert first.pk == again.pk
    assert InboundEmail.objects.count() == 1 and Message.objects.count() == 1


def test_it_holds_a_sender_over_the_hourly_limit(ticket, settings):
    settings.INBOUND_EMAIL_RATE_PER_HOUR = 3
    rows = [
        inbound_receive(
            raw_mail(sender="alice@customer.example", to=reply_address(ticket)), via="t"
        )
        for _ in range(4)
    ]
    assert [row.status for row in rows] == [Status.ATTACHED] * 3 + [Status.HELD]
    assert rows[-1].reason == Reason.RATE_LIMITED


def test_the_inbound_domain_reply_address_routes_by_partner_slug(ticket, partner, settings):
    settings.INBOUND_EMAIL_DOMAIN = "in.desk.example"
    address = reply_address(ticket)
    assert address.startswith(f"{partner.slug}+t{ticket.pk}.") and address.endswith(
        "@in.desk.example"
    )
    row = inbound_receive(raw_mail(sender="alice@customer.example", to=address), via="test")
    assert (row.status, row.ticket_id) == (Status.ATTACHED, ticket.pk)


def test_an_empty_reply_is_held(ticket):
    raw = raw_mail(sender="alice@customer.example", to=reply_address(ticket), body="> quoted only")
    row = inbound_receive(raw, via="test")
    assert row.status == Status.HELD


def test_a_reply_over_the_length_cap_is_held_with_the_services_reason(ticket):
    """The cap lives in customer_reply, so an e-mail meets the same limit as the status page."""
    row = inbound_receive(
        raw_mail(sender="alice@customer.example", to=reply_address(ticket), body="word " * 4001),
        via="t",
    )
    assert (row.status, row.reason) == (Status.HELD, Reason.REFUSED)
    assert "20000" in row.detail
    assert not Message.objects.filter(ticket=ticket, author_kind="customer").exists()
