"""Every tickets list costs the same number of queries at page size 10 and 100, and a detail costs
the same whatever the length of its thread."""

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.querycount import assert_constant_in_page_size
from tickets.models import Attachment, CannedReply, Escalation, Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(partner, agent_user):
    customer = CustomerFactory(partner=partner)
    rows = TicketFactory.create_batch(
        120, customer=customer, status="open", priority="high", assignee=agent_user
    )
    return rows


def add_messages(ticket, count, author):
    messages = Message.objects.bulk_create(
        Message(
            partner_id=ticket.partner_id,
            ticket=ticket,
            author=author,
            author_kind="partner",
            body=f"m{n}",
            visibility=("public", "internal", "operator")[n % 3],
        )
        for n in range(count)
    )
    for message in messages[::4]:
        attachment = Attachment(
            partner_id=ticket.partner_id,
            message=message,
            filename="a.txt",
            content_type="text/plain",
            size=5,
        )
        attachment.file.save("a.txt", ContentFile(b"hello"), save=True)


def escalate_all(tickets):
    return Escalation.objects.bulk_create(
        Escalation(partner_id=t.partner_id, ticket=t, summary="s", steps_taken="t") for t in tickets
    )


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?status=open&priority=high",
        "?ordering=-priority",
        "?assignee={agent}",
        "?category=billing_question&ordering=created_at",
    ],
)
def test_the_ticket_queue_costs_the_same_at_any_page_size(api, agent_user, tickets, query):
    count = assert_constant_in_page_size(
        api(agent_user), "/api/tickets/" + query.format(agent=agent_user.pk), 120
    )
    assert count <= 5


def test_a_tickets_message_list_costs_the_same_at_any_page_size(api, agent_user, tickets):
    add_messages(tickets[0], 120, agent_user)
    assert (
        assert_constant_in_page_size(
            api(agent_user), f"/api/tickets/{tickets[0].pk}/messages/", 120
        )
        <= 8
    )


@pytest.mark.parametrize("who", ["operator", "agent"])
def test_the_escalation_list_costs_the_same_at_any_page_size(
    api, agent_user, operator_user, tickets, who
):
    escalate_all(tickets)
    user = operator_user if who == "operator" else agent_user
    assert assert_constant_in_page_size(api(user), "/api/escalations/", 120) <= 5


def test_the_canned_reply_list_costs_the_same_at_any_page_size(api, agent_user, partner):
    CannedReply.objects.bulk_create(
        CannedReply(partner=partner, title=f"t{n}", title_en=f"t{n}", body="b", body_en="b")
        for n in range(120)
    )
    assert assert_constant_in_page_size(api(agent_user), "/api/canned-replies/", 120) <= 5


def test_a_ticket_detail_costs_the_same_with_3_or_60_messages(api, agent_user, tickets):
    short, long = tickets[0], tickets[1]
    add_messages(short, 3, agent_user)
    add_messages(long, 60, agent_user)
    escalate_all([long])
    client = api(agent_user)
    client.get(f"/api/tickets/{short.pk}/")  # warm-up: the role lookup is cached on a forced user
    assert (
        queries(client, f"/api/tickets/{short.pk}/")
        == queries(client, f"/api/tickets/{long.pk}/")
        <= 7
    )


def test_an_escalation_detail_costs_the_same_with_3_or_60_messages(
    api, operator_user, agent_user, tickets
):
    add_messages(tickets[0], 3, agent_user)
    add_messages(tickets[1], 60, agent_user)
    short, long = escalate_all(tickets[:2])
    client = api(operator_user)
    client.get(f"/api/escalations/{short.pk}/")
    assert (
        queries(client, f"/api/escalations/{short.pk}/")
        == queries(client, f"/api/escalations/{long.pk}/")
        <= 6
    )
