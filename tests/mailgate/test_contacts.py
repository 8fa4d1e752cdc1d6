"""Extra contact addresses speak for the customer by e-mail (through ``manage.py receive_email``,
the pipe transport's entry point): a reply lands, a new message opens a ticket for that customer,
anyone else is held with the reason, and a contact of one partner's customer is nobody at another
partner, whatever the headers say."""

import io
import sys

import pytest
from django.core.management import call_command

from mailgate.models import InboundEmail
from partners.models import CustomerContact
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail
from tickets.models import Message, Ticket
from tickets.reply_address import reply_address

pytestmark = pytest.mark.django_db
Status, Reason = InboundEmail.Status, InboundEmail.Reason


def receive(monkeypatch, raw: bytes) -> InboundEmail:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    call_command("receive_email", stdout=io.StringIO())
    return InboundEmail.objects.order_by("-id").first()


@pytest.fixture
def customer(partner):
    customer = CustomerFactory(partner=partner, email="owner@lantern.example", language="es")
    CustomerContact.objects.create(
        partner=partner, customer=customer, email="ap@lantern.example", name="AP"
    )
    return customer


def test_a_reply_from_a_contact_lands_on_the_ticket(monkeypatch, customer):
    ticket = TicketFactory(customer=customer)
    raw = raw_mail(sender="AP <AP@Lantern.example>", to=reply_address(ticket), body="Paid.")
    row = receive(monkeypatch, raw)
    assert (row.status, row.reason, row.ticket_id) == (
        Status.ATTACHED,
        Reason.REPLY_ADDRESS,
        ticket.pk,
    )
    assert Message.objects.get(ticket=ticket).body == "Paid."


def test_a_new_message_from_a_contact_opens_a_ticket_for_that_customer(
    monkeypatch, customer, partner
):
    raw = raw_mail(sender="ap@lantern.example", to=partner.support_email, subject="Invoice?")
    row = receive(monkeypatch, raw)
    ticket = Ticket.objects.get(pk=row.ticket_id)
    assert (row.status, row.reason) == (Status.NEW_TICKET, Reason.FROM_CUSTOMER)
    assert (ticket.customer_id, ticket.category, ticket.subject) == (
        customer.pk,
        "billing_question",
        "Invoice?",
    )


def test_a_removed_contact_is_held_as_an_unknown_sender(monkeypatch, customer, partner):
    CustomerContact.objects.all().delete()
    row = receive(monkeypatch, raw_mail(sender="ap@lantern.example", to=partner.support_email))
    assert (row.status, row.reason) == (Status.HELD, Reason.UNKNOWN_SENDER)


def test_a_contact_of_another_customer_is_not_the_tickets_customer(monkeypatch, customer, partner):
    ticket = TicketFactory(customer=CustomerFactory(partner=partner, email="z@zeta.example"))
    row = receive(monkeypatch, raw_mail(sender="ap@lantern.example", to=reply_address(ticket)))
    assert (row.status, row.reason, row.ticket_id) == (
        Status.HELD,
        Reason.NOT_THE_CUSTOMER,
        ticket.pk,
    )
    assert not Message.objects.exists()


def test_a_contact_of_partner_a_is_nobody_at_partner_b(monkeypatch, customer, other_partner):
    ticket = TicketFactory(customer=customer)
    spoofed = raw_mail(
        sender="ap@lantern.example",
        to=other_partner.support_email,
        subject=f"Re: [#{ticket.pk}]",
        Delivered_To=other_partner.support_email,
    )
    row = receive(monkeypatch, spoofed)
    assert (row.partner_id, row.status, row.reason) == (
        other_partner.pk,
        Status.HELD,
        Reason.UNKNOWN_SENDER,
    )
    assert row.ticket_id is None and not Message.objects.exists()
    assert Ticket.objects.count() == 1


def test_a_contact_address_at_partner_b_opens_a_ticket_for_bs_customer_only(
    monkeypatch, customer, other_partner
):
    theirs = CustomerFactory(partner=other_partner, email="boss@other.example")
    CustomerContact.objects.create(
        partner=other_partner, customer=theirs, email="ap@lantern.example"
    )
    raw = raw_mail(sender="ap@lantern.example", to=other_partner.support_email)
    row = receive(monkeypatch, raw)
    assert row.status == Status.NEW_TICKET
    assert Ticket.objects.get(pk=row.ticket_id).customer_id == theirs.pk
