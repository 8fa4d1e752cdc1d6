"""Every escalation transition of SPEC §4 through the API, by role: the operator takes, asks and
resolves; the partner answers and withdraws; everything else is refused with a reason."""

import pytest

from billing.models import Invoice
from partners.models import Event
from tests.support.ticket_states import escalation_in
from tickets.models import Escalation, Message

pytestmark = pytest.mark.django_db

STATES = ["submitted", "in_review", "info_requested", "resolved", "withdrawn"]
ACTIONS = {  # action → (who acts, body)
    "take": ("operator", {}),
    "request-info": ("operator", {"question": "Which seats are unused?"}),
    "resolve": (
        "operator",
        {"outcome": "upheld", "response": "We credit two seats.", "credit_amount": "240.00"},
    ),
    "answer": ("agent", {"body": "Seats 9 and 10 were never assigned."}),
    "withdraw": ("agent", {"reason": "The customer found the answer."}),
}
REFUSED = None
TABLE = {
    "submitted": {
        "take": "in_review",
        "request-info": REFUSED,
        "resolve": REFUSED,
        "answer": REFUSED,
        "withdraw": "withdrawn",
    },
    "in_review": {
        "take": REFUSED,
        "request-info": "info_requested",
        "resolve": "resolved",
        "answer": REFUSED,
        "withdraw": "withdrawn",
    },
    "info_requested": {
        "take": REFUSED,
        "request-info": REFUSED,
        "resolve": REFUSED,
        "answer": "in_review",
        "withdraw": "withdrawn",
    },
    "resolved": {action: REFUSED for action in ACTIONS},
    "withdrawn": {action: REFUSED for action in ACTIONS},
}
CASES = [(state, action, TABLE[state][action]) for state in STATES for action in ACTIONS]


@pytest.fixture
def users(agent_user, operator_user):
    return {"agent": agent_user, "operator": operator_user}


def post(client, escalation, action):
    return client.post(
        f"/api/escalations/{escalation.pk}/{action}/", ACTIONS[action][1], format="json"
    )


@pytest.mark.parametrize("state,action,expected", CASES, ids=[f"{s}-{a}" for s, a, _ in CASES])
def test_each_escalation_transition_is_allowed_or_refused_as_the_spec_says(
    api, users, state, action, expected
):
    escalation = escalation_in(state, users["agent"])
    events = Event.objects.count()
    response = post(api(users[ACTIONS[action][0]]), escalation, action)
    escalation = Escalation.objects.get(pk=escalation.pk)
    if expected is REFUSED:
        assert response.status_code == 409, response.content
        assert response.json()["code"] == "invalid_transition"
        assert f"Escalation {escalation.pk} is" in response.json()["detail"]
        assert escalation.status == state and Event.objects.count() == events
    else:
        assert response.status_code == 200, response.content
        assert response.json()["status"] == expected == escalation.status


@pytest.mark.parametrize("action", ["take", "request-info", "resolve"])
def test_a_partner_user_may_not_do_the_operators_part(api, agent_user, admin_user, action):
    escalation = escalation_in("in_review" if action != "take" else "submitted", agent_user)
    for user in (agent_user, admin_user):
        assert post(api(user), escalation, action).status_code == 403


@pytest.mark.parametrize("action", ["answer", "withdraw"])
def test_the_operator_may_not_do_the_partners_part(api, agent_user, operator_user, action):
    escalation = escalation_in("info_requested", agent_user)
    assert post(api(operator_user), escalation, action).status_code == 403
    assert Escalation.objects.get(pk=escalation.pk).status == "info_requested"


@pytest.mark.parametrize("action", list(ACTIONS))
def test_another_partner_gets_404_for_every_escalation_action(
    api, agent_user, other_agent_user, action
):
    escalation = escalation_in("info_requested", agent_user)
    assert post(api(other_agent_user), escalation, action).status_code == 404


def test_escalating_freezes_the_invoice_until_the_operator_resolves(api, agent_user, operator_user):
    escalation = escalation_in("in_review", agent_user, category="payment_issue")
    invoice = Invoice.objects.get(pk=escalation.ticket.invoice_id)
    assert invoice.frozen
    post(api(operator_user), escalation, "resolve")
    assert not Invoice.objects.get(pk=invoice.pk).frozen


def test_withdrawing_unfreezes_the_invoice_and_returns_the_ticket_to_open(api, agent_user):
    escalation = escalation_in("submitted", agent_user, category="payment_issue")
    post(api(agent_user), escalation, "withdraw")
    escalation = Escalation.objects.select_related("ticket", "ticket__invoice").get(
        pk=escalation.pk
    )
    assert escalation.ticket.status == "open" and not escalation.ticket.invoice.frozen


def test_resolving_returns_the_ticket_to_open_with_a_close_the_loop_deadline(
    api, agent_user, operator_user
):
    escalation = escalation_in("in_review", agent_user)
    body = post(api(operator_user), escalation, "resolve").json()
    assert body["outcome"] == "upheld" and body["credit_amount"] == "240.00"
    ticket = Escalation.objects.get(pk=escalation.pk).ticket
    assert (
        ticket.status == "open"
        and ticket.close_loop_due is not None
        and ticket.close_loop_met_at is None
    )


def test_the_operators_question_and_the_partners_answer_are_operator_messages(
    api, agent_user, operator_user
):
    escalation = escalation_in("info_requested", agent_user)
    post(api(agent_user), escalation, "answer")
    kinds = list(
        Message.objects.filter(ticket=escalation.ticket, visibility="operator").values_list(
            "author_kind", flat=True
        )
    )
    assert kinds == ["operator", "partner"]


def test_an_operator_message_on_the_ticket_also_answers_the_pending_question(api, agent_user):
    escalation = escalation_in("info_requested", agent_user)
    response = api(agent_user).post(
        f"/api/tickets/{escalation.ticket_id}/messages/",
        {"body": "Seats 9 and 10.", "visibility": "operator"},
        format="json",
    )
    assert response.status_code == 201
    assert Escalation.objects.get(pk=escalation.pk).status == "in_review"


def test_an_operator_message_without_an_open_escalation_is_refused(api, agent_user):
    escalation = escalation_in("resolved", agent_user)
    body = (
        api(agent_user)
        .post(
            f"/api/tickets/{escalation.ticket_id}/messages/",
            {"body": "Thanks", "visibility": "operator"},
            format="json",
        )
        .json()
    )
    assert body["code"] == "policy_violation"


@pytest.mark.parametrize(
    "outcome,credit,field",
    [
        ("rejected", "10.00", "credit_amount"),
        ("upheld", "-1", "credit_amount"),
        ("maybe", None, "outcome"),
    ],
)
def test_a_resolution_with_a_bad_outcome_or_credit_is_a_400(
    api, agent_user, operator_user, outcome, credit, field
):
    escalation = escalation_in("in_review", agent_user)
    response = api(operator_user).post(
        f"/api/escalations/{escalation.pk}/resolve/",
        {"outcome": outcome, "response": "r", "credit_amount": credit},
        format="json",
    )
    assert response.status_code == 400 and field in response.json()
    assert Escalation.objects.get(pk=escalation.pk).status == "in_review"


def test_take_records_the_operator_as_assignee(api, agent_user, operator_user):
    escalation = escalation_in("submitted", agent_user)
    assert (
        post(api(operator_user), escalation, "take").json()["operator_assignee"] == operator_user.pk
    )
    assert Escalation.objects.get(pk=escalation.pk).credit_amount is None
