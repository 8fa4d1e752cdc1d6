"""Bounces shown where people look: the ticket page names the e-mail that bounced and its status
code, the customer page says the last e-mail to the address bounced, the customer API too — in
the seven languages, for the partner's own e-mails only. The bounce comes in from the outside,
through ``manage.py receive_email``."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from notifications.models import Notification
from partners.models import CustomerContact, Profile
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import corpus, receive_piped
from tests.support.web import assert_same, signed_in
from tickets.services.emails import customer_email

pytestmark = pytest.mark.django_db
WARNING = "The last e-mail to %(address)s bounced: %(code)s."


@pytest.fixture
def ticket(partner):
    customer = CustomerFactory(partner=partner, email="gone@customer.example")
    return TicketFactory(customer=customer, subject="Invoice question")


def bounce(monkeypatch, notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk).update(status="sent")
    raw = corpus("dsn_postfix.eml", **{"OUR-MESSAGE-ID": notification.message_id})
    assert receive_piped(monkeypatch, raw).reason == "bounce_matched"


def sent(ticket, cause="created") -> Notification:
    customer_email(ticket, "ticket_received", cause)
    return Notification.objects.filter(thread=f"ticket:{ticket.pk}").order_by("-id").first()


def test_the_ticket_page_names_the_e_mail_that_bounced(monkeypatch, agent_user, ticket):
    notification = sent(ticket)
    bounce(monkeypatch, notification)
    page = signed_in(agent_user).get(f"/tickets/{ticket.pk}/").content.decode()
    assert "data-bounces" in page and 'data-bounced="5.1.1"' in page
    assert f"“{notification.subject}” to gone@customer.example bounced: 5.1.1." in page


def test_the_ticket_page_shows_no_bounce_when_none_came(agent_user, ticket):
    sent(ticket)
    assert b"data-bounces" not in signed_in(agent_user).get(f"/tickets/{ticket.pk}/").content


def test_the_customer_page_and_api_say_the_last_e_mail_bounced(
    monkeypatch, agent_user, api, ticket
):
    bounce(monkeypatch, sent(ticket))
    customer = ticket.customer
    page = signed_in(agent_user).get(f"/customers/{customer.pk}/").content.decode()
    assert WARNING % {"address": "gone@customer.example", "code": "5.1.1"} in page
    assert api(agent_user).get(f"/api/customers/{customer.pk}/").json()["email_bounce"] == "5.1.1"
    listed = api(agent_user).get("/api/customers/").json()["results"]
    assert [row["email_bounce"] for row in listed] == ["5.1.1"]


def test_a_later_delivered_e_mail_clears_the_warning(monkeypatch, agent_user, api, ticket):
    bounce(monkeypatch, sent(ticket))
    later = sent(ticket, cause="again")
    Notification.objects.filter(pk=later.pk).update(status="sent")
    page = signed_in(agent_user).get(f"/customers/{ticket.customer_id}/").content
    assert b"data-email-bounce" not in page
    body = api(agent_user).get(f"/api/customers/{ticket.customer_id}/").json()
    assert body["email_bounce"] is None


def test_a_contact_address_that_bounced_is_marked(monkeypatch, agent_user, partner):
    customer = CustomerFactory(partner=partner, email="boss@customer.example")
    CustomerContact.objects.create(
        partner=partner, customer=customer, email="gone@customer.example"
    )
    ticket = TicketFactory(customer=customer)
    notification = sent(ticket)
    Notification.objects.filter(pk=notification.pk).update(recipient="gone@customer.example")
    bounce(monkeypatch, notification)
    page = signed_in(agent_user).get(f"/customers/{customer.pk}/").content.decode()
    assert 'data-bounced="5.1.1"' in page and "data-email-bounce" not in page


def test_another_partners_user_sees_neither_page_nor_bounce(
    monkeypatch, other_agent_user, api, ticket
):
    bounce(monkeypatch, sent(ticket))
    client = signed_in(other_agent_user)
    assert client.get(f"/tickets/{ticket.pk}/").status_code == 404
    assert client.get(f"/customers/{ticket.customer_id}/").status_code == 404
    assert api(other_agent_user).get("/api/customers/").json()["results"] == []


@pytest.mark.parametrize("language", settings.LANGUAGE_CODES)
def test_the_warnings_read_in_each_language(monkeypatch, agent_user, ticket, language):
    notification = sent(ticket)
    bounce(monkeypatch, notification)
    Profile.objects.update_or_create(user=agent_user, defaults={"language": language})
    client = signed_in(agent_user)
    customer_page = client.get(f"/customers/{ticket.customer_id}/").content.decode()
    ticket_page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    with translation.override(language):
        warning = gettext(WARNING) % {"address": "gone@customer.example", "code": "5.1.1"}
        heading = gettext("An e-mail to the customer bounced.")
    assert warning in customer_page and heading in ticket_page
    if language != "en":
        assert warning != WARNING % {"address": "gone@customer.example", "code": "5.1.1"}


def test_the_pages_cost_the_same_with_more_bounces(monkeypatch, agent_user, ticket):
    client = signed_in(agent_user)

    def grow():
        for n in range(5):
            bounce(monkeypatch, sent(ticket, cause=f"more-{n}"))

    bounce(monkeypatch, sent(ticket))
    assert_same(client, f"/tickets/{ticket.pk}/", grow)
    assert_same(client, f"/customers/{ticket.customer_id}/", grow)
