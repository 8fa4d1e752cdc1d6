"""A bounce of one of our e-mails tells the partner's users in their activity inbox, pointing at
what the e-mail was about (its ticket, or the customer of a reminder), in the transaction that
records the bounce; a delay, a repeat or another partner's e-mail tells nobody."""

import pytest

from core.actors import actor_for
from mailgate.services import inbound_receive
from notifications.activity import Activity
from notifications.models import Notification
from tests.support.billing_helpers import customer_with_subscription, day, invoice_due, publish, run
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import corpus
from tickets import services
from tickets.services.emails import customer_email

pytestmark = pytest.mark.django_db


def bounce_of(notification: Notification, name="dsn_postfix.eml", **replace) -> bytes:
    return corpus(name, **{"OUR-MESSAGE-ID": notification.message_id, **replace})


def inbox(user) -> list[tuple[str, str, int]]:
    rows = Activity.objects.filter(user=user).order_by("id")
    return [(a.kind, a.object_type, a.object_id) for a in rows]


@pytest.fixture
def ticket(partner):
    customer = CustomerFactory(partner=partner, email="gone@customer.example")
    return TicketFactory(customer=customer, subject="Seats billed twice")


def ticket_email(ticket) -> Notification:
    customer_email(ticket, "ticket_received", "created")
    return Notification.objects.get(thread=f"ticket:{ticket.pk}")


def test_a_bounced_ticket_e_mail_tells_the_members_and_points_at_the_ticket(
    ticket, agent_user, admin_user, other_admin_user
):
    inbound_receive(bounce_of(ticket_email(ticket)), via="test")
    assert inbox(agent_user) == inbox(admin_user) == [("email_bounced", "ticket", ticket.pk)]
    assert inbox(other_admin_user) == []
    row = Activity.objects.get(user=admin_user)
    assert row.partner_id == ticket.partner_id
    assert row.summary == "gone@customer.example · Seats billed twice"
    assert row.get_kind_display() == "An e-mail bounced"


def test_on_an_assigned_ticket_only_the_assignee_is_told(ticket, agent_user, admin_user):
    services.ticket_assign(actor=actor_for(admin_user), ticket=ticket, assignee=agent_user.pk)
    inbound_receive(bounce_of(ticket_email(ticket)), via="test")
    assert inbox(agent_user) == [("email_bounced", "ticket", ticket.pk)]
    assert inbox(admin_user) == []


def test_a_bounced_reminder_points_at_its_customer(partner, admin_user, agent_user):
    publish(partner)
    customer, _subscription = customer_with_subscription(partner, email="gone@customer.example")
    invoice_due(customer)
    run(day(7))
    reminder = Notification.objects.get(kind="invoice_reminder")
    inbound_receive(bounce_of(reminder), via="test")
    expected = [("email_bounced", "customer", customer.pk)]
    assert inbox(admin_user) == inbox(agent_user) == expected
    assert Activity.objects.filter(kind="email_bounced").first().summary.endswith(customer.name)


def test_the_same_bounce_twice_tells_once_and_a_delay_tells_nobody(ticket, admin_user):
    sent = ticket_email(ticket)
    delayed = bounce_of(sent, **{"Action: failed": "Action: delayed", "5.1.1": "4.4.1"})
    delayed = delayed.replace(b"<20260302090500.ABC12@", b"<delayed.ABC12@")
    inbound_receive(delayed, via="test")
    assert inbox(admin_user) == []
    inbound_receive(bounce_of(sent), via="test")
    second = bounce_of(sent).replace(b"<20260302090500.ABC12@", b"<second.ABC12@")
    inbound_receive(second, via="test")
    assert inbox(admin_user) == [("email_bounced", "ticket", ticket.pk)]


def test_a_bounce_sent_to_another_partner_tells_nobody(ticket, admin_user, other_partner):
    raw = bounce_of(ticket_email(ticket)).replace(
        b"To: billing@desk.example", f"To: {other_partner.support_email}".encode()
    )
    inbound_receive(raw, via="test")
    assert not Activity.objects.exists()


def test_it_shows_in_the_inbox_api_and_opens_the_customer_page(partner, admin_user, api):
    from tests.support.web import signed_in

    publish(partner)
    customer, _subscription = customer_with_subscription(partner, email="gone@customer.example")
    invoice_due(customer)
    run(day(7))
    inbound_receive(bounce_of(Notification.objects.get(kind="invoice_reminder")), via="test")
    [row] = api(admin_user).get("/api/activity/", {"unread": 1}).json()["results"]
    assert (row["kind"], row["kind_label"], row["object_type"]) == (
        "email_bounced",
        "An e-mail bounced",
        "customer",
    )
    response = signed_in(admin_user).post(f"/activity/{row['id']}/open/")
    assert response.status_code == 302 and response["Location"] == f"/customers/{customer.pk}/"
