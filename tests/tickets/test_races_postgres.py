"""Two people acting on one ticket at the same moment (PostgreSQL row locks): exactly one wins,
the other gets a 409 that says why, and the ticket never ends in an impossible state."""

import time

import pytest

from partners.models import Event
from tests.support.races import postgres_only, race  # noqa: F401 (a fixture)
from tests.support.ticket_states import escalation_in, ticket_in
from tickets.models import Escalation, Ticket
from tickets.services import common

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("postgres_only"),
]


@pytest.fixture
def slow_audit(monkeypatch):
    """Hold each winner's row lock a little longer, so the rival surely arrives while it is held."""
    original = common.event_record

    def slow(**kwargs):
        time.sleep(0.3)
        return original(**kwargs)

    monkeypatch.setattr(common, "event_record", slow)


def one_winner(responses):
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 409], [r.content for r in responses]
    loser = next(r for r in responses if r.status_code == 409).json()
    assert loser["code"] in ("invalid_transition", "policy_violation") and loser["detail"]
    return next(i for i, r in enumerate(responses) if r.status_code == 200)


def test_resolve_and_escalate_at_once_give_one_winner_and_one_409(
    agent_user, admin_user, slow_audit
):
    ticket = ticket_in("open", agent_user)
    winner = one_winner(
        race(
            (agent_user, f"/api/tickets/{ticket.pk}/resolve/", {"resolution": "Credited."}),
            (
                admin_user,
                f"/api/tickets/{ticket.pk}/escalate/",
                {"summary": "s", "steps_taken": "t"},
            ),
        )
    )
    ticket = Ticket.objects.get(pk=ticket.pk)
    escalations = Escalation.objects.filter(ticket=ticket).count()
    assert (ticket.status, escalations) == (("resolved", 0), ("escalated", 1))[winner]
    assert (
        Event.objects.filter(object_type="ticket", object_id=ticket.pk, from_state="open").count()
        == 1
    )


def test_two_agents_closing_the_same_ticket_close_it_once(agent_user, admin_user, slow_audit):
    ticket = ticket_in("resolved", agent_user)
    one_winner(
        race(
            (agent_user, f"/api/tickets/{ticket.pk}/close/", {}),
            (admin_user, f"/api/tickets/{ticket.pk}/close/", {}),
        )
    )
    assert (
        Event.objects.filter(object_type="ticket", object_id=ticket.pk, action="close").count() == 1
    )


def test_the_operator_resolving_while_the_partner_withdraws_gives_one_outcome(
    agent_user, operator_user, slow_audit
):
    # A payment issue: its hold is the escalation's (an invoice dispute keeps its own hold).
    escalation = escalation_in("in_review", agent_user, category="payment_issue")
    winner = one_winner(
        race(
            (
                operator_user,
                f"/api/escalations/{escalation.pk}/resolve/",
                {"outcome": "answered", "response": "r"},
            ),
            (agent_user, f"/api/escalations/{escalation.pk}/withdraw/", {"reason": "solved"}),
        )
    )
    escalation = Escalation.objects.select_related("ticket", "ticket__invoice").get(
        pk=escalation.pk
    )
    assert escalation.status == ("resolved", "withdrawn")[winner]
    assert escalation.ticket.status == "open"
    assert escalation.ticket.invoice.freeze_count == 0  # unfrozen exactly once, not twice


def test_two_escalations_of_one_ticket_at_once_leave_exactly_one(
    agent_user, admin_user, slow_audit
):
    ticket = ticket_in("open", agent_user)
    body = {"summary": "s", "steps_taken": "t"}
    one_winner(
        race(
            (agent_user, f"/api/tickets/{ticket.pk}/escalate/", body),
            (admin_user, f"/api/tickets/{ticket.pk}/escalate/", body),
        )
    )
    assert Escalation.objects.filter(ticket=ticket).count() == 1
    assert Ticket.objects.get(pk=ticket.pk).invoice.freeze_count == 1
