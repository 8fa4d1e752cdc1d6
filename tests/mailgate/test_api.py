"""/api/inbound-emails/: partner users, own partner; held ones attached, opened, discarded."""

import pytest

from mailgate.models import InboundEmail
from mailgate.services import inbound_receive
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail
from tests.support.querycount import assert_constant_in_page_size
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db
URL = "/api/inbound-emails/"


def held(partner, sender="stranger@nowhere.example", subject="Refund?") -> InboundEmail:
    row = inbound_receive(
        raw_mail(sender=sender, to=partner.support_email, subject=subject, body="Refund me."),
        via="test",
    )
    assert row.status == "held"
    return row


def test_a_partner_user_lists_their_own_inbound_mail(api, agent_user, partner, other_partner):
    mine, _theirs = held(partner), held(other_partner)
    body = api(agent_user).get(URL).json()
    assert body["results"] == [
        {
            "id": mine.pk,
            "from": "stranger@nowhere.example",
            "to": partner.support_email,
            "subject": "Refund?",
            "received_at": body["results"][0]["received_at"],
            "status": "held",
            "reason": "unknown_sender",
            "ticket": None,
        }
    ]


def test_the_list_filters_by_status(api, agent_user, partner):
    held(partner)
    assert api(agent_user).get(URL, {"status": "attached"}).json()["results"] == []
    assert api(agent_user).get(URL, {"status": "nonsense"}).status_code == 400


def test_the_operator_never_sees_customer_mail(api, operator_user, partner):
    held(partner)
    assert api(operator_user).get(URL).status_code == 403


def test_another_partners_message_is_not_found(api, other_agent_user, partner):
    row = held(partner)
    client = api(other_agent_user)
    assert client.get(f"{URL}{row.pk}/").status_code == 404
    assert client.post(f"{URL}{row.pk}/discard/").status_code == 404
    assert InboundEmail.objects.get(pk=row.pk).status == "held"


def test_attach_makes_it_the_customers_message_on_the_ticket(api, agent_user, partner):
    ticket = TicketFactory(customer=CustomerFactory(partner=partner))
    row = held(partner)
    response = api(agent_user).post(f"{URL}{row.pk}/attach/", {"ticket": ticket.pk})
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["ticket"]) == ("attached", ticket.pk)
    message = Message.objects.get(ticket=ticket)
    assert (message.body, message.author_kind, message.visibility) == (
        "Refund me.",
        "customer",
        "public",
    )


def test_attach_refuses_another_partners_ticket(api, agent_user, partner, other_partner):
    theirs = TicketFactory(customer=CustomerFactory(partner=other_partner))
    row = held(partner)
    response = api(agent_user).post(f"{URL}{row.pk}/attach/", {"ticket": theirs.pk})
    assert response.status_code == 400 and "ticket" in response.json()
    assert not Message.objects.exists()


def test_create_ticket_opens_one_for_the_customer(api, agent_user, partner):
    customer = CustomerFactory(partner=partner)
    row = held(partner)
    response = api(agent_user).post(
        f"{URL}{row.pk}/create-ticket/", {"customer": customer.pk, "category": "refund_request"}
    )
    assert response.status_code == 200, response.content
    ticket = Ticket.objects.get(pk=response.json()["ticket"])
    assert (ticket.customer_id, ticket.category, ticket.subject, ticket.description) == (
        customer.pk,
        "refund_request",
        "Refund?",
        "Refund me.",
    )
    assert ticket.channel == "email"


def test_create_ticket_refuses_another_partners_customer(api, agent_user, partner, other_partner):
    row = held(partner)
    theirs = CustomerFactory(partner=other_partner)
    response = api(agent_user).post(f"{URL}{row.pk}/create-ticket/", {"customer": theirs.pk})
    assert response.status_code == 400 and "customer" in response.json()
    assert not Ticket.objects.exists()


def test_discard_then_a_second_action_is_a_conflict(api, agent_user, partner):
    row = held(partner)
    client = api(agent_user)
    assert client.post(f"{URL}{row.pk}/discard/").json()["reason"] == "discarded"
    response = client.post(f"{URL}{row.pk}/discard/")
    assert response.status_code == 409 and "held" in response.json()["detail"]


def test_the_list_query_count_does_not_grow_with_the_page(api, agent_user, partner):
    for n in range(100):
        held(partner, sender=f"s{n}@nowhere.example")
    assert assert_constant_in_page_size(api(agent_user), URL, 100) <= 6
