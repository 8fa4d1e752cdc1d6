"""What came by e-mail says so on the ticket page, with its original headers on demand; the
operator's escalation page shows it only for public messages (never an internal note). The mail
comes in from the outside, through ``manage.py receive_email``."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.actors import actor_for
from mailgate.models import InboundEmail
from partners.models import Profile
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail, receive_piped
from tests.support.ticket_states import escalation_in
from tests.support.web import assert_same, signed_in
from tickets.models import Message
from tickets.reply_address import reply_address
from tickets.services import customer_reply, ticket_reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticket(partner):
    return TicketFactory(customer=CustomerFactory(partner=partner, email="ann@customer.example"))


def reply(monkeypatch, ticket, body="Paid by wire."):
    raw = raw_mail(
        sender=ticket.customer.email, to=reply_address(ticket), body=body, X_Mailer="Foxmail 7.2"
    )
    row = receive_piped(monkeypatch, raw)
    assert row.status == "attached", row.reason
    return row


def test_a_reply_by_e_mail_says_so_and_shows_its_headers_on_demand(monkeypatch, agent_user, ticket):
    row = reply(monkeypatch, ticket)
    customer_reply(ticket=ticket, body="From the status page.")
    page = signed_in(agent_user).get(f"/tickets/{ticket.pk}/").content.decode()
    mine = page.split(f'id="message-{row.ticket_message_id}"')[1].split("</li>")[0]
    assert "data-by-email" in mine and "<details" in mine
    assert "X-Mailer: Foxmail 7.2" in mine and escape(row.message_id) in mine
    other = Message.objects.exclude(pk=row.ticket_message_id).get()
    assert "data-by-email" not in page.split(f'id="message-{other.pk}"')[1].split("</li>")[0]


def test_a_ticket_opened_by_e_mail_says_so_on_its_request(monkeypatch, agent_user, partner):
    CustomerFactory(partner=partner, email="bo@customer.example")
    row = receive_piped(
        monkeypatch, raw_mail(sender="bo@customer.example", to=partner.support_email)
    )
    page = signed_in(agent_user).get(f"/tickets/{row.ticket_id}/").content.decode()
    request = page.split("msg--request")[1].split("</li>")[0]
    assert "data-by-email" in request and "From: bo@customer.example" in request


def test_the_operator_sees_it_on_a_public_message_only(monkeypatch, agent_user, operator_user):
    escalation = escalation_in("in_review", agent_user)
    ticket = escalation.ticket
    row = reply(monkeypatch, ticket, body="Public by e-mail.")
    note = ticket_reply(
        actor=actor_for(agent_user),
        ticket=ticket,
        body="Internal.",
        visibility="internal",
    )
    # A row pointing at an internal note (nothing routes mail there; the page must hold anyway).
    InboundEmail.objects.filter(pk=row.pk).update(ticket_message=note)
    forged = InboundEmail.objects.create(
        partner=ticket.partner,
        message_id="<second@client.example>",
        sender=ticket.customer.email,
        via="test",
        status="attached",
        reason="thread",
        ticket=ticket,
        ticket_message=Message.objects.filter(ticket=ticket, author_kind="customer").get(),
        headers="X-Secret-Header: public one",
    )
    page = signed_in(operator_user).get(f"/ops/escalations/{escalation.pk}/").content.decode()
    assert "Internal." not in page and "X-Mailer: Foxmail" not in page
    assert "X-Secret-Header: public one" in page and forged.ticket_message_id


@pytest.mark.parametrize("language", settings.LANGUAGE_CODES)
def test_by_e_mail_reads_in_each_language(monkeypatch, agent_user, ticket, language):
    reply(monkeypatch, ticket)
    Profile.objects.update_or_create(user=agent_user, defaults={"language": language})
    page = signed_in(agent_user).get(f"/tickets/{ticket.pk}/").content.decode()
    with translation.override(language):
        words = [gettext("by e-mail"), gettext("Original headers")]
    assert all(word in page for word in words)
    if language != "en":
        assert words != ["by e-mail", "Original headers"]


def test_the_ticket_page_costs_the_same_with_more_e_mails(monkeypatch, agent_user, ticket):
    reply(monkeypatch, ticket)

    def grow():
        for n in range(5):
            reply(monkeypatch, ticket, body=f"More {n}.")

    assert_same(signed_in(agent_user), f"/tickets/{ticket.pk}/", grow)
