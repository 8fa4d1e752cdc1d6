"""The ticket API's shape: create, list with filters and ordering, detail with the whole thread."""

import pytest

from notifications.models import Notification
from tests.support.factories import CustomerFactory, InvoiceFactory, SubscriptionFactory
from tests.support.ticket_states import new_ticket, ticket_in
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_a_partner_user_creates_a_ticket_and_the_customer_is_told(api, agent_user, partner):
    customer = CustomerFactory(partner=partner, language="fr")
    subscription = SubscriptionFactory(customer=customer)
    invoice = InvoiceFactory(customer=customer, subscription=subscription)
    response = api(agent_user).post(
        "/api/tickets/",
        {
            "customer": customer.pk,
            "subscription": subscription.pk,
            "invoice": invoice.pk,
            "category": "invoice_dispute",
            "subject": "Seats",
            "description": "We use 8 seats.",
            "priority": "high",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "new" and body["priority"] == "high" and body["invoice"] == invoice.pk
    assert body["first_response_due"] and body["resolution_due"]
    assert body["channel"] == "api"
    notification = Notification.objects.get(kind="ticket_received")
    assert notification.recipient == customer.email and notification.language == "fr"


def test_creating_with_an_assignee_opens_the_ticket(api, agent_user, partner):
    customer = CustomerFactory(partner=partner)
    body = (
        api(agent_user)
        .post(
            "/api/tickets/",
            {
                "customer": customer.pk,
                "category": "other",
                "subject": "s",
                "description": "d",
                "assignee": agent_user.pk,
            },
            format="json",
        )
        .json()
    )
    assert body["status"] == "open" and body["assignee"] == agent_user.pk


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"category": "other", "subject": "s", "description": "d"}, "customer"),
        ({"customer": 0, "category": "nonsense", "subject": "s", "description": "d"}, "category"),
        ({"customer": 0, "category": "other", "subject": "", "description": "d"}, "subject"),
        (
            {
                "customer": 0,
                "category": "other",
                "subject": "s",
                "description": "d",
                "priority": "asap",
            },
            "priority",
        ),
    ],
)
def test_bad_input_is_a_400_with_the_field(api, agent_user, partner, payload, field):
    payload = (
        {**payload, "customer": CustomerFactory(partner=partner).pk}
        if "customer" in payload
        else payload
    )
    response = api(agent_user).post("/api/tickets/", payload, format="json")
    assert response.status_code == 400 and field in response.json()


def test_an_invoice_of_another_customer_is_refused(api, agent_user, partner):
    customer, other = CustomerFactory(partner=partner), CustomerFactory(partner=partner)
    response = api(agent_user).post(
        "/api/tickets/",
        {
            "customer": customer.pk,
            "invoice": InvoiceFactory(customer=other).pk,
            "category": "other",
            "subject": "s",
            "description": "d",
        },
        format="json",
    )
    assert response.status_code == 400 and "invoice" in response.json()


def test_the_queue_filters_by_status_customer_category_assignee_and_priority(api, agent_user):
    open_ticket = ticket_in("open", agent_user, priority="urgent")
    new = ticket_in("new", agent_user, category="billing_question", priority="low")
    api(agent_user).post(
        f"/api/tickets/{open_ticket.pk}/assign/", {"assignee": agent_user.pk}, format="json"
    )
    client = api(agent_user)

    def found(**params):
        return [row["id"] for row in client.get("/api/tickets/", params).json()["results"]]

    assert found(status="open") == [open_ticket.pk]
    assert found(customer=new.customer_id) == [new.pk]
    assert found(category="billing_question") == [new.pk]
    assert found(assignee=agent_user.pk) == [open_ticket.pk]
    assert found(unassigned="true") == [new.pk]
    assert found(priority="urgent") == [open_ticket.pk]
    assert sorted(found(status=["open", "new"])) == sorted([open_ticket.pk, new.pk])


def test_the_queue_is_most_recently_active_first_and_orders_by_priority_rank(api, agent_user):
    low, urgent, normal = (new_ticket(agent_user, priority=p) for p in ("low", "urgent", "normal"))
    client = api(agent_user)
    assert [r["id"] for r in client.get("/api/tickets/").json()["results"]] == [
        normal.pk,
        urgent.pk,
        low.pk,
    ]
    client.post(
        f"/api/tickets/{low.pk}/messages/",
        {"body": "An update", "visibility": "internal"},
        format="json",
    )
    assert client.get("/api/tickets/").json()["results"][0]["id"] == low.pk
    by_rank = [
        r["priority"]
        for r in client.get("/api/tickets/", {"ordering": "-priority"}).json()["results"]
    ]
    assert by_rank == ["urgent", "normal", "low"]


def test_an_unknown_filter_value_is_a_400_not_a_500(api, agent_user):
    assert api(agent_user).get("/api/tickets/", {"status": "sleeping"}).status_code == 400


def test_the_detail_shows_the_whole_thread_to_the_partner_and_the_status_link(api, agent_user):
    ticket = ticket_in("open", agent_user)
    api(agent_user).post(
        f"/api/tickets/{ticket.pk}/messages/",
        {"body": "Note", "visibility": "internal"},
        format="json",
    )
    body = api(agent_user).get(f"/api/tickets/{ticket.pk}/").json()
    assert [m["visibility"] for m in body["messages"]] == ["public", "internal"]
    assert body["status_url"].endswith(f"/status/{Ticket.objects.get(pk=ticket.pk).status_token}/")


def test_the_messages_list_is_paginated_oldest_first(api, agent_user):
    ticket = ticket_in("open", agent_user)
    for n in range(3):
        api(agent_user).post(
            f"/api/tickets/{ticket.pk}/messages/",
            {"body": f"n{n}", "visibility": "internal"},
            format="json",
        )
    body = api(agent_user).get(f"/api/tickets/{ticket.pk}/messages/", {"page_size": 2}).json()
    assert body["count"] == 4 and [m["body"] for m in body["results"]] == [
        "We are looking into it.",
        "n0",
    ]


def test_a_message_with_an_unknown_visibility_is_a_400(api, agent_user):
    ticket = ticket_in("open", agent_user)
    response = api(agent_user).post(
        f"/api/tickets/{ticket.pk}/messages/", {"body": "x", "visibility": "secret"}, format="json"
    )
    assert response.status_code == 400 and "visibility" in response.json()


def test_the_schema_documents_every_ticket_and_escalation_action(api, agent_user):
    schema = api(agent_user).get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/tickets/{id}/escalate/",
        "/api/tickets/{id}/resolve/",
        "/api/tickets/{id}/close/",
        "/api/tickets/{id}/reopen/",
        "/api/tickets/{id}/assign/",
        "/api/tickets/{id}/messages/",
        "/api/escalations/{id}/take/",
        "/api/escalations/{id}/request-info/",
        "/api/escalations/{id}/resolve/",
        "/api/escalations/{id}/withdraw/",
        "/api/escalations/{id}/answer/",
        "/api/canned-replies/",
    ):
        assert path in schema["paths"], path
    resolve = schema["paths"]["/api/tickets/{id}/resolve/"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(resolve["responses"])
    assert "requestBody" in resolve


def test_the_queue_renders_each_ticket_exactly_as_the_ticket_serializer_does(
    api, agent_user, operator_user
):
    import json

    from rest_framework.renderers import JSONRenderer

    from tests.support.ticket_states import escalation_in
    from tickets.api.serializers import TicketOutput

    for state in ("new", "open", "resolved"):
        ticket_in(state, agent_user)
    escalation_in("resolved", agent_user)  # a close-the-loop deadline too
    listed = api(agent_user).get("/api/tickets/").json()["results"]
    assert len(listed) == 4
    for row in listed:
        expected = json.loads(
            JSONRenderer().render(TicketOutput(Ticket.objects.get(pk=row["id"])).data)
        )
        assert row == expected
        assert list(row) == list(expected)


def test_an_action_answers_what_ticket_output_would(api, agent_user, settings):
    import json

    from rest_framework.renderers import JSONRenderer

    from tests.support.ticket_states import escalation_in
    from tickets.api.serializers import TicketOutput, ticket_output

    settings.TIME_ZONE = "Asia/Shanghai"  # a zone that is not UTC: offsets rendered the same
    tickets = [ticket_in(state, agent_user) for state in ("new", "open", "resolved")]
    tickets.append(escalation_in("resolved", agent_user).ticket)  # a close-the-loop deadline
    for ticket in tickets:
        ticket = Ticket.objects.get(pk=ticket.pk)
        expected = JSONRenderer().render(TicketOutput(ticket).data)
        assert JSONRenderer().render(ticket_output(ticket)) == expected
    created = api(agent_user).post(
        "/api/tickets/",
        {
            "customer": tickets[0].customer_id,
            "category": "billing_question",
            "subject": "Seats",
            "description": "Why?",
            "assignee": agent_user.pk,
        },
        format="json",
    )
    assert created.status_code == 201
    stored = Ticket.objects.get(pk=created.json()["id"])
    assert created.json() == json.loads(JSONRenderer().render(TicketOutput(stored).data))
