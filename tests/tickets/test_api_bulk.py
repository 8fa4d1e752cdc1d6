"""``POST /api/tickets/bulk/``: each ticket through its own service and transaction; a refusal or
a foreign id is reported for that ticket only, and nothing else changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Event
from tests.support.factories import TicketFactory
from tests.support.ticket_states import ticket_in
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def bulk(client, **body):
    response = client.post("/api/tickets/bulk/", body, format="json")
    return response


def test_it_assigns_many_and_reports_foreign_and_unknown_ids_as_not_found(
    api, agent_user, admin_user, other_agent_user
):
    mine = [ticket_in("new", agent_user), ticket_in("open", agent_user)]
    theirs = ticket_in("new", other_agent_user)
    ids = [mine[0].pk, theirs.pk, 999999, mine[1].pk]
    response = bulk(api(agent_user), ids=ids, action="assign", assignee=admin_user.pk)
    assert response.status_code == 200, response.content
    assert [(r["id"], r["ok"]) for r in response.json()["results"]] == [
        (mine[0].pk, True),
        (theirs.pk, False),
        (999999, False),
        (mine[1].pk, True),
    ]
    assert response.json()["results"][1]["error"] == response.json()["results"][2]["error"]
    assert {t.assignee_id for t in Ticket.objects.filter(pk__in=[m.pk for m in mine])} == {
        admin_user.pk
    }
    assert Ticket.objects.get(pk=mine[0].pk).status == "open"  # assigning a new ticket opens it
    assert Ticket.objects.get(pk=theirs.pk).assignee_id is None


def test_a_refused_ticket_is_left_as_it_was_and_the_others_are_done(api, agent_user):
    resolved = ticket_in("resolved", agent_user)
    fresh = ticket_in("open", agent_user)
    events_before = Event.objects.filter(object_id=fresh.pk, object_type="ticket").count()
    response = bulk(api(agent_user), ids=[resolved.pk, fresh.pk], action="close", reason="done")
    results = response.json()["results"]
    assert results[0] == {"id": resolved.pk, "ok": True, "error": ""}
    assert results[1]["ok"] is False and results[1]["error"]
    assert Ticket.objects.get(pk=resolved.pk).status == "closed"
    assert Ticket.objects.get(pk=fresh.pk).status == "open"
    assert Event.objects.filter(object_id=fresh.pk, object_type="ticket").count() == events_before


def test_it_sets_the_priority_and_the_deadlines_follow(api, agent_user):
    ticket = ticket_in("new", agent_user, priority="low")
    response = bulk(api(agent_user), ids=[ticket.pk], action="set_priority", priority="urgent")
    assert response.json()["results"][0]["ok"] is True
    changed = Ticket.objects.get(pk=ticket.pk)
    assert changed.priority == "urgent"
    assert changed.first_response_due < ticket.first_response_due
    assert Event.objects.filter(object_id=ticket.pk, action="priority_changed").count() == 1


def test_it_waits_on_the_customer_with_one_question(api, agent_user):
    tickets = [ticket_in("open", agent_user) for _ in range(2)]
    response = bulk(
        api(agent_user),
        ids=[t.pk for t in tickets],
        action="wait_on_customer",
        body="Which invoice do you mean?",
    )
    assert all(r["ok"] for r in response.json()["results"])
    assert set(Ticket.objects.values_list("status", flat=True)) == {"pending_customer"}


@pytest.mark.parametrize(
    "body",
    [
        {"ids": [], "action": "close"},
        {"ids": [1], "action": "delete"},
        {"ids": [1], "action": "set_priority"},
        {"ids": [1], "action": "set_priority", "priority": "huge"},
        {"ids": ["x"], "action": "close"},
        {"ids": [1], "action": "wait_on_customer"},
        {"ids": list(range(1, 102)), "action": "close"},
    ],
)
def test_it_refuses_bad_input_with_a_400(api, agent_user, body):
    assert bulk(api(agent_user), **body).status_code == 400


def test_the_operator_may_not_act_in_bulk(api, operator_user, agent_user):
    ticket = ticket_in("open", agent_user)
    response = bulk(api(operator_user), ids=[ticket.pk], action="close")
    assert response.status_code == 403


def test_its_reads_do_not_grow_with_the_number_of_unknown_ids(api, agent_user, partner):
    client = api(agent_user)
    TicketFactory(customer__partner=partner)
    bulk(client, ids=[999998], action="close")
    with CaptureQueriesContext(connection) as few:
        bulk(client, ids=[999998], action="close")
    with CaptureQueriesContext(connection) as many:
        bulk(client, ids=list(range(900000, 900090)), action="close")
    assert len(few.captured_queries) == len(many.captured_queries)
