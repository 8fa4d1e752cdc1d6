"""Answers to billing e-mails (a reminder, a final notice, a suspension or reactivation notice, a
credit issued) open a ticket linked to the invoice or subscription that e-mail was about: by its
reply address or by In-Reply-To, through ``manage.py receive_email`` and the Mailgun webhook;
another partner's reply address or e-mail names nothing, whatever the headers say."""

import io
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command

from billing.services import credit_note_create, subscription_reactivate, subscription_suspend
from core.actors import actor_for
from mailgate.models import InboundEmail
from notifications.models import Notification
from notifications.reply_address import reply_address_for
from partners.models import CustomerContact
from tests.mailgate.test_webhook import URL, signed, signing_key  # noqa: F401
from tests.support.billing_helpers import customer_with_subscription, day, invoice_due, publish, run
from tests.support.factories import MembershipFactory, make_operator
from tests.support.inbound import raw_mail
from tickets.models import Attachment, Message, Ticket

pytestmark = pytest.mark.django_db
Status, Reason = InboundEmail.Status, InboundEmail.Reason
PDF = b"%PDF-1.4 receipt"


def receive(monkeypatch, raw: bytes) -> InboundEmail:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    call_command("receive_email", stdout=io.StringIO())
    return InboundEmail.objects.order_by("-id").first()


def with_pdf(raw: bytes) -> bytes:
    import email
    from email.policy import default

    message = email.message_from_bytes(raw, policy=default)
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="receipt.pdf")
    return message.as_bytes()


@pytest.fixture
def reminded(partner):
    """A customer, an overdue invoice and the reminder the collections run sent about it."""
    publish(partner)
    customer, _subscription = customer_with_subscription(
        partner, email="ap@lantern.example", language="fr"
    )
    invoice = invoice_due(customer)
    run(day(7))
    notice = Notification.objects.get(kind="invoice_reminder")
    return customer, invoice, notice


def test_the_reminder_carries_a_reply_address_naming_its_invoice(reminded, partner):
    _customer, invoice, notice = reminded
    assert notice.reply_to == reply_address_for(partner, "i", invoice.pk)
    assert f"+i{invoice.pk}." in notice.reply_to


def test_an_answer_to_a_reminder_opens_a_ticket_linked_to_the_invoice(
    monkeypatch, reminded, partner
):
    customer, invoice, notice = reminded
    raw = raw_mail(
        sender="ap@lantern.example",
        to=notice.reply_to,
        subject="Re: " + notice.subject,
        body="Nous avons payé hier.",
    )
    row = receive(monkeypatch, with_pdf(raw))
    ticket = Ticket.objects.get(pk=row.ticket_id)
    assert (row.status, row.reason) == (Status.NEW_TICKET, Reason.BILLING_ANSWER)
    assert (ticket.customer_id, ticket.invoice_id, ticket.category) == (
        customer.pk,
        invoice.pk,
        "billing_question",
    )
    assert ticket.description == "Nous avons payé hier."
    assert Attachment.objects.get(message__ticket=ticket).filename == "receipt.pdf"
    ack = Notification.objects.get(kind="ticket_received", recipient="ap@lantern.example")
    assert ack.language == "fr" and f"+t{ticket.pk}." in ack.reply_to


def test_an_answer_by_in_reply_to_finds_what_the_final_notice_was_about(
    monkeypatch, reminded, partner
):
    _customer, invoice, _notice = reminded
    run(day(14))
    final = Notification.objects.get(kind="invoice_final_notice")
    raw = raw_mail(
        sender="ap@lantern.example", to=partner.support_email, In_Reply_To=final.message_id
    )
    row = receive(monkeypatch, raw)
    assert (row.status, row.reason, row.notification_id) == (
        Status.NEW_TICKET,
        Reason.BILLING_ANSWER,
        final.pk,
    )
    assert Ticket.objects.get(pk=row.ticket_id).invoice_id == invoice.pk


def test_a_second_answer_lands_on_the_ticket_the_first_one_opened(monkeypatch, reminded):
    _customer, _invoice, notice = reminded
    first = receive(monkeypatch, raw_mail(sender="ap@lantern.example", to=notice.reply_to))
    again = receive(
        monkeypatch, raw_mail(sender="ap@lantern.example", to=notice.reply_to, body="Again.")
    )
    assert (again.status, again.reason, again.ticket_id) == (
        Status.ATTACHED,
        Reason.BILLING_ANSWER,
        first.ticket_id,
    )
    assert Message.objects.get(ticket_id=first.ticket_id).body == "Again."
    assert Ticket.objects.count() == 1


def test_an_answer_from_a_contact_speaks_for_the_customer(monkeypatch, reminded, partner):
    customer, invoice, notice = reminded
    CustomerContact.objects.create(partner=partner, customer=customer, email="cfo@lantern.example")
    row = receive(monkeypatch, raw_mail(sender="cfo@lantern.example", to=notice.reply_to))
    assert row.status == Status.NEW_TICKET
    assert Ticket.objects.get(pk=row.ticket_id).invoice_id == invoice.pk


def test_an_answer_from_someone_else_is_held_with_the_reason(monkeypatch, reminded):
    _customer, _invoice, notice = reminded
    row = receive(monkeypatch, raw_mail(sender="mallory@evil.example", to=notice.reply_to))
    assert (row.status, row.reason, row.ticket_id) == (
        Status.HELD,
        Reason.NOT_THE_CUSTOMER,
        None,
    )
    assert not Ticket.objects.exists()


def test_answers_to_suspension_and_reactivation_notices_link_the_subscription(monkeypatch, partner):
    customer, subscription = customer_with_subscription(partner, email="it@lantern.example")
    operator = actor_for(make_operator())
    subscription_suspend(actor=operator, subscription=subscription, reason="fraud")
    suspended = Notification.objects.get(kind="subscription_suspended")
    assert suspended.reply_to == reply_address_for(partner, "s", subscription.pk)
    row = receive(monkeypatch, raw_mail(sender="it@lantern.example", to=suspended.reply_to))
    ticket = Ticket.objects.get(pk=row.ticket_id)
    assert (row.reason, ticket.subscription_id, ticket.invoice_id) == (
        Reason.BILLING_ANSWER,
        subscription.pk,
        None,
    )
    Ticket.objects.filter(pk=ticket.pk).update(status="closed")
    subscription_reactivate(actor=operator, subscription=subscription)
    reactivated = Notification.objects.get(kind="subscription_reactivated")
    raw = raw_mail(
        sender="it@lantern.example", to=partner.support_email, References=reactivated.message_id
    )
    row = receive(monkeypatch, raw)
    assert row.status == Status.NEW_TICKET and row.ticket_id != ticket.pk
    assert Ticket.objects.get(pk=row.ticket_id).subscription_id == subscription.pk


def test_an_answer_to_a_credit_issued_links_the_credited_invoice(
    monkeypatch, reminded, partner, client
):
    customer, invoice, _notice = reminded
    admin = actor_for(MembershipFactory(partner=partner, role="admin").user)
    credit_note_create(actor=admin, invoice=invoice, amount=Decimal("10.00"), reason="Goodwill")
    credit = Notification.objects.get(kind="credit_issued")
    raw = raw_mail(
        sender="ap@lantern.example",
        to=credit.reply_to,
        subject="Merci",
        In_Reply_To=credit.message_id,
    )
    assert client.post(URL, signed(raw)).status_code == 200  # the Mailgun webhook
    row = InboundEmail.objects.get(via="mailgun")
    assert (row.status, row.reason) == (Status.NEW_TICKET, Reason.BILLING_ANSWER)
    assert Ticket.objects.get(pk=row.ticket_id).invoice_id == invoice.pk


def test_partner_as_reply_address_sent_to_partner_b_names_nothing(
    monkeypatch, reminded, other_partner
):
    customer, _invoice, notice = reminded
    tag = notice.reply_to.split("@")[0].partition("+")[2]  # i<invoice>.<partner A's token>
    local, _at, domain = other_partner.support_email.partition("@")
    spoofed = f"{local}+{tag}@{domain}"
    raw = raw_mail(
        sender="ap@lantern.example",
        to=spoofed,
        In_Reply_To=notice.message_id,
        Delivered_To=spoofed,
    )
    row = receive(monkeypatch, raw)
    assert (row.partner_id, row.status, row.reason) == (
        other_partner.pk,
        Status.HELD,
        Reason.UNKNOWN_SENDER,
    )
    assert row.notification_id is None and not Ticket.objects.exists()


def test_a_forged_invoice_reply_address_names_nothing(monkeypatch, reminded, partner):
    customer, invoice, notice = reminded
    other = invoice_due(customer)
    forged = notice.reply_to.replace(f"+i{invoice.pk}.", f"+i{other.pk}.")
    row = receive(monkeypatch, raw_mail(sender="ap@lantern.example", to=forged))
    ticket = Ticket.objects.get(pk=row.ticket_id)
    assert (row.reason, ticket.invoice_id) == (Reason.FROM_CUSTOMER, None)
