"""Every customer e-mail of a ticket: Reply-To its reply address, one thread in the client."""

import pytest
from django.core import mail

from notifications.delivery import notification_deliver
from notifications.models import Notification
from tests.support.factories import TicketFactory
from tickets.reply_address import reply_address
from tickets.services.emails import customer_email

pytestmark = pytest.mark.django_db


def delivered(notification: Notification):
    mail.outbox.clear()
    assert notification_deliver(notification_id=notification.pk).status == "sent"
    return mail.outbox[0]


def test_every_customer_e_mail_of_a_ticket_answers_the_first_and_replies_to_the_ticket():
    ticket = TicketFactory()
    customer_email(ticket, "ticket_received", "created")
    customer_email(ticket, "ticket_closed", "closed")
    first, second = Notification.objects.filter(thread=f"ticket:{ticket.pk}").order_by("id")
    opening, later = delivered(first), delivered(second)
    assert opening.reply_to == later.reply_to == [reply_address(ticket)]
    assert "In-Reply-To" not in opening.extra_headers
    assert later.extra_headers["In-Reply-To"] == first.message_id
    assert later.extra_headers["References"] == first.message_id
    assert later.extra_headers["Message-ID"] == second.message_id


def test_two_tickets_are_two_threads():
    one, two = TicketFactory(), TicketFactory()
    for ticket in (one, two):
        customer_email(ticket, "ticket_received", "created")
    assert list(Notification.objects.values_list("in_reply_to", flat=True)) == ["", ""]


def test_a_member_e_mail_keeps_the_partner_support_address_as_reply_to(partner):
    from notifications.services import notification_queue

    row = notification_queue(
        partner=partner,
        kind="ticket_closed",
        recipient="x@example.com",
        language="en",
        context={"customer_name": "X", "ticket_id": 1, "subject": "S", "status_url": "u"},
        key="k",
    )
    assert delivered(row).reply_to == [partner.support_email]
