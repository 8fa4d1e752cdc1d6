"""A held e-mail attached to a ticket or turned into one keeps its attachments, read again from
its raw file through the same rules as uploads (a refused file noted on the message) — from the
API and from the "Inbound e-mail" page. The e-mail itself comes in through the pipe transport,
``manage.py receive_email``."""

import email
from email.policy import default

import pytest

from mailgate.models import InboundEmail
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail, receive_piped
from tests.support.web import signed_in
from tickets.models import Attachment, Ticket

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 the receipt"


def held_with_files(monkeypatch, partner) -> InboundEmail:
    message = email.message_from_bytes(
        raw_mail(sender="cfo@unknown.example", to=partner.support_email, body="Receipt attached."),
        policy=default,
    )
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="receipt.pdf")
    message.add_attachment(
        b"MZ\x90", maintype="application", subtype="x-msdownload", filename="tool.exe"
    )
    row = receive_piped(monkeypatch, message.as_bytes())
    assert (row.status, row.reason) == ("held", "unknown_sender")
    return row


def test_attaching_by_the_api_keeps_the_files(monkeypatch, api, agent_user, partner):
    ticket = TicketFactory(customer=CustomerFactory(partner=partner))
    row = held_with_files(monkeypatch, partner)
    response = api(agent_user).post(
        f"/api/inbound-emails/{row.pk}/attach/", {"ticket": ticket.pk}, format="json"
    )
    assert response.status_code == 200, response.json()
    row.refresh_from_db()
    files = Attachment.objects.filter(message_id=row.ticket_message_id)
    assert [(f.filename, f.content_type) for f in files] == [("receipt.pdf", "application/pdf")]
    with files[0].file.open("rb") as stored:
        assert stored.read() == PDF
    body = row.ticket_message.body
    assert body.startswith("Receipt attached.") and "tool.exe" in body  # the refusal, noted


def test_opening_a_ticket_from_the_page_keeps_the_files(monkeypatch, agent_user, partner):
    customer = CustomerFactory(partner=partner)
    row = held_with_files(monkeypatch, partner)
    response = signed_in(agent_user).post(
        f"/inbound/{row.pk}/create-ticket/",
        {"customer": customer.pk, "category": "billing_question"},
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert "Receipt attached." in ticket.description
    attachment = Attachment.objects.get(message__ticket=ticket)
    assert (attachment.filename, attachment.message.author_kind) == ("receipt.pdf", "customer")
    page = signed_in(agent_user).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "receipt.pdf" in page and "data-by-email" in page


def test_once_the_raw_file_is_purged_the_text_is_attached_alone(
    monkeypatch, api, agent_user, partner
):
    ticket = TicketFactory(customer=CustomerFactory(partner=partner))
    row = held_with_files(monkeypatch, partner)
    row.raw.delete(save=True)
    response = api(agent_user).post(
        f"/api/inbound-emails/{row.pk}/attach/", {"ticket": ticket.pk}, format="json"
    )
    assert response.status_code == 200
    assert not Attachment.objects.exists()


def test_another_partners_user_cannot_attach_it(monkeypatch, api, other_agent_user, partner):
    row = held_with_files(monkeypatch, partner)
    theirs = TicketFactory(customer=CustomerFactory(partner=row.partner))
    response = api(other_agent_user).post(
        f"/api/inbound-emails/{row.pk}/attach/", {"ticket": theirs.pk}, format="json"
    )
    assert response.status_code == 404
    assert not Attachment.objects.exists()
