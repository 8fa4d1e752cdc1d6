"""Every ticket transition of SPEC §4 through the API: each allowed one works, each refused one
answers 409 with a reason and writes nothing, and only the partner's own users may act."""

import pytest

from notifications.models import Notification
from partners.models import Event
from tests.support.ticket_states import ticket_in
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db

STATES = ["new", "open", "pending_customer", "escalated", "resolved", "closed"]
ACTIONS = {
    "assign": ("assign", lambda user: {"assignee": user.pk}),
    "reply": ("messages", lambda user: {"body": "Here is what we found.", "visibility": "public"}),
    "wait-on-customer": ("wait-on-customer", lambda user: {"body": "Which invoice do you mean?"}),
    "escalate": (
        "escalate",
        lambda user: {"summary": "Seat count dispute", "steps_taken": "Compared usage"},
    ),
    "resolve": ("resolve", lambda user: {"resolution": "We credited two seats."}),
    "close": ("close", lambda user: {}),
    "reopen": ("reopen", lambda user: {"reason": "Customer called again"}),
}
INVALID, POLICY = "invalid_transition", "policy_violation"
# state → action → the status it leads to, or the 409 code that refuses it
TABLE = {
    "new": {
        "assign": "open",
        "reply": "open",
        "wait-on-customer": "pending_customer",
        "escalate": "escalated",
        "resolve": "resolved",
        "close": INVALID,
        "reopen": INVALID,
    },
    "open": {
        "assign": "open",
        "reply": "open",
        "wait-on-customer": "pending_customer",
        "escalate": "escalated",
        "resolve": "resolved",
        "close": INVALID,
        "reopen": INVALID,
    },
    "pending_customer": {
        "assign": "pending_customer",
        "reply": "pending_customer",
        "wait-on-customer": INVALID,
        "escalate": INVALID,
        "resolve": INVALID,
        "close": INVALID,
        "reopen": "open",
    },
    "escalated": {
        "assign": "escalated",
        "reply": "escalated",
        "wait-on-customer": INVALID,
        "escalate": INVALID,
        "resolve": POLICY,
        "close": POLICY,
        "reopen": INVALID,
    },
    "resolved": {
        "assign": "resolved",
        "reply": "resolved",
        "wait-on-customer": INVALID,
        "escalate": INVALID,
        "resolve": INVALID,
        "close": "closed",
        "reopen": "open",
    },
    "closed": {
        "assign": POLICY,
        "reply": POLICY,
        "wait-on-customer": INVALID,
        "escalate": INVALID,
        "resolve": INVALID,
        "close": INVALID,
        "reopen": INVALID,
    },
}
CASES = [(state, action, TABLE[state][action]) for state in STATES for action in ACTIONS]


def written():
    return Event.objects.count(), Message.objects.count(), Notification.objects.count()


def post(client, ticket, action, user):
    path, body = ACTIONS[action]
    return client.post(f"/api/tickets/{ticket.pk}/{path}/", body(user), format="json")


@pytest.mark.parametrize("state,action,expected", CASES, ids=[f"{s}-{a}" for s, a, _ in CASES])
def test_each_ticket_transition_is_allowed_or_refused_exactly_as_the_spec_says(
    api, agent_user, state, action, expected
):
    ticket = ticket_in(state, agent_user)
    before = written()
    response = post(api(agent_user), ticket, action, agent_user)
    ticket.refresh_from_db(fields=["updated_at"])
    now_status = Ticket.objects.values_list("status", flat=True).get(pk=ticket.pk)
    if expected in (INVALID, POLICY):
        assert response.status_code == 409, response.content
        assert response.json()["code"] == expected
        assert (
            str(ticket.pk) in response.json()["detail"]
            or "escalation" in response.json()["detail"].lower()
        )
        assert now_status == state
        assert written() == before, "a refused transition must write nothing"
    else:
        assert response.status_code in (200, 201), response.content
        assert now_status == expected
        if expected != state:
            assert Event.objects.filter(
                object_type="ticket", object_id=ticket.pk, from_state=state, to_state=expected
            ).exists()


def test_the_refusal_says_from_which_statuses_it_would_be_allowed(api, agent_user):
    ticket = ticket_in("closed", agent_user)
    detail = (
        api(agent_user)
        .post(f"/api/tickets/{ticket.pk}/resolve/", {"resolution": "x"}, format="json")
        .json()["detail"]
    )
    assert "closed" in detail and "new or open" in detail


def test_resolve_is_refused_while_the_escalation_is_open_and_says_why(api, agent_user):
    ticket = ticket_in("escalated", agent_user)
    body = (
        api(agent_user)
        .post(f"/api/tickets/{ticket.pk}/resolve/", {"resolution": "Done"}, format="json")
        .json()
    )
    assert body["code"] == "policy_violation"
    assert "withdraw" in body["detail"] and "submitted" in body["detail"]


def test_a_partner_admin_may_work_tickets_too(api, admin_user, agent_user):
    ticket = ticket_in("open", agent_user)
    response = api(admin_user).post(
        f"/api/tickets/{ticket.pk}/resolve/", {"resolution": "Done"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "resolved"


@pytest.mark.parametrize("action", list(ACTIONS))
def test_the_operator_may_not_work_a_partners_ticket(api, agent_user, operator_user, action):
    ticket = ticket_in("open", agent_user)
    assert post(api(operator_user), ticket, action, agent_user).status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


@pytest.mark.parametrize("action", list(ACTIONS))
def test_another_partners_agent_gets_404_for_every_action(
    api, agent_user, other_agent_user, action
):
    ticket = ticket_in("open", agent_user)
    assert post(api(other_agent_user), ticket, action, other_agent_user).status_code == 404
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


@pytest.mark.parametrize("action", list(ACTIONS))
def test_without_credentials_every_action_is_401(api, agent_user, action):
    ticket = ticket_in("open", agent_user)
    assert post(api(None), ticket, action, agent_user).status_code == 401


def test_only_disputes_and_billing_issues_can_be_escalated(api, agent_user):
    ticket = ticket_in("open", agent_user, category="other")
    body = (
        api(agent_user)
        .post(
            f"/api/tickets/{ticket.pk}/escalate/",
            {"summary": "s", "steps_taken": "t"},
            format="json",
        )
        .json()
    )
    assert body["code"] == "policy_violation" and "invoice dispute" in body["detail"]


def test_escalating_without_the_steps_taken_is_a_400_on_that_field(api, agent_user):
    ticket = ticket_in("open", agent_user)
    response = api(agent_user).post(
        f"/api/tickets/{ticket.pk}/escalate/", {"summary": "s", "steps_taken": " "}, format="json"
    )
    assert response.status_code == 400 and "steps_taken" in response.json()


def test_resolving_without_a_resolution_is_a_400_on_that_field(api, agent_user):
    ticket = ticket_in("open", agent_user)
    response = api(agent_user).post(
        f"/api/tickets/{ticket.pk}/resolve/", {"resolution": ""}, format="json"
    )
    assert response.status_code == 400 and "resolution" in response.json()
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


def test_an_action_answers_with_the_updated_ticket(api, agent_user):
    ticket = ticket_in("new", agent_user)
    body = (
        api(agent_user)
        .post(
            f"/api/tickets/{ticket.pk}/escalate/",
            {"summary": "s", "steps_taken": "t"},
            format="json",
        )
        .json()
    )
    assert body["id"] == ticket.pk and body["status"] == "escalated"
    assert set(body) >= {
        "id",
        "customer",
        "subscription",
        "invoice",
        "category",
        "subject",
        "description",
        "priority",
        "status",
        "assignee",
        "created_at",
        "updated_at",
    }
