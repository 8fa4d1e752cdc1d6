"""The "Inbound e-mail" page: held messages of the partner, attach / open a ticket / discard."""

import pytest

from mailgate.models import InboundEmail
from mailgate.services import inbound_receive
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import raw_mail
from tests.support.web import assert_same, signed_in
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db
URL = "/inbound/"


def held(partner, n=0) -> InboundEmail:
    raw = raw_mail(sender=f"who{n}@nowhere.example", to=partner.support_email, subject=f"Q{n}")
    return inbound_receive(raw, via="test")


def test_the_page_lists_only_the_partners_held_mail(agent_user, partner, other_partner):
    mine, theirs = held(partner, 1), held(other_partner, 2)
    page = signed_in(agent_user).get(URL).content.decode()
    assert f'id="inbound-{mine.pk}"' in page and f'id="inbound-{theirs.pk}"' not in page
    assert "the sender is not a known customer" in page


def test_the_operator_may_not_open_the_page(operator_user):
    assert signed_in(operator_user).get(URL).status_code == 403


def test_attach_from_the_page(agent_user, partner):
    ticket, row = TicketFactory(customer=CustomerFactory(partner=partner)), held(partner)
    response = signed_in(agent_user).post(f"/inbound/{row.pk}/attach/", {"ticket": ticket.pk})
    assert response.status_code == 302
    assert Message.objects.get(ticket=ticket).author_kind == "customer"
    assert InboundEmail.objects.get(pk=row.pk).status == "attached"


def test_attach_to_an_unknown_ticket_shows_the_reason(agent_user, partner, other_partner):
    theirs, row = TicketFactory(customer=CustomerFactory(partner=other_partner)), held(partner)
    response = signed_in(agent_user).post(f"/inbound/{row.pk}/attach/", {"ticket": theirs.pk})
    assert response.status_code == 200 and "Unknown ticket." in response.content.decode()
    assert InboundEmail.objects.get(pk=row.pk).status == "held"


def test_open_a_ticket_from_the_page(agent_user, partner):
    customer, row = CustomerFactory(partner=partner), held(partner)
    client = signed_in(agent_user)
    response = client.post(
        f"/inbound/{row.pk}/create-ticket/",
        {"customer": customer.pk, "category": "payment_issue"},
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert (ticket.customer_id, ticket.category) == (customer.pk, "payment_issue")


def test_discard_from_the_page_and_another_partners_row_is_not_found(
    agent_user, other_agent_user, partner
):
    row = held(partner)
    assert signed_in(other_agent_user).post(f"/inbound/{row.pk}/discard/").status_code == 404
    assert signed_in(agent_user).post(f"/inbound/{row.pk}/discard/").status_code == 302
    assert InboundEmail.objects.get(pk=row.pk).reason == "discarded"


def test_the_page_costs_the_same_queries_with_more_rows(agent_user, partner):
    CustomerFactory.create_batch(3, partner=partner)
    held(partner, 0)
    assert_same(signed_in(agent_user), URL, lambda: [held(partner, n) for n in range(1, 6)])
