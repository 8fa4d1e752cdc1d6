"""The ticket page's escalation actions: escalate (with the steps taken and the policy's
categories), the operator's panel, answer, withdraw; refusals with the service's reason."""

import pytest

from notifications.models import Notification
from tests.support.ticket_page import fresh, page, url
from tests.support.ticket_states import escalation_in, ticket_in
from tests.support.web import signed_in
from tickets.models import Escalation, Message

pytestmark = pytest.mark.django_db


def test_escalating_needs_the_steps_taken(agent_user):
    ticket = ticket_in("open", agent_user)
    response = signed_in(agent_user).post(
        url(ticket, "escalate"), {"escalate-summary": "Billed twice", "escalate-steps_taken": ""}
    )
    assert "Write this down before escalating." in response.content.decode()
    assert fresh(ticket).status == "open" and not Escalation.objects.exists()


def test_escalating_a_category_the_operator_does_not_take_shows_the_policy(agent_user):
    ticket = ticket_in("open", agent_user, category="other", with_invoice=False)
    client = signed_in(agent_user)
    assert "cannot be escalated" in page(client, ticket)  # said before anyone tries
    response = client.post(
        url(ticket, "escalate"), {"escalate-summary": "Please", "escalate-steps_taken": "Tried"}
    )
    assert response.status_code == 200
    assert "can be escalated to the operator; this ticket is a other" in response.content.decode()
    assert fresh(ticket).status == "open"


def test_escalating_hands_it_to_the_operator_and_shows_the_panel(agent_user):
    ticket = ticket_in("open", agent_user)
    client = signed_in(agent_user)
    response = client.post(
        url(ticket, "escalate"),
        {
            "escalate-summary": "Seats billed twice",
            "escalate-steps_taken": "Compared usage with the invoice",
        },
    )
    assert response["Location"] == url(ticket) + "#escalation"
    escalation = Escalation.objects.get(ticket=ticket)
    assert (fresh(ticket).status, escalation.status) == ("escalated", "submitted")
    html = page(client, ticket)
    assert (
        'id="escalation"' in html
        and "Compared usage with the invoice" in html
        and "badge--submitted" in html
    )


def test_resolving_while_the_escalation_is_open_is_refused_with_the_reason(agent_user):
    ticket = ticket_in("escalated", agent_user)
    client = signed_in(agent_user)
    assert f'action="/tickets/{ticket.pk}/resolve/"' not in page(
        client, ticket
    )  # the button is not offered
    response = client.post(url(ticket, "resolve"), {"resolve-resolution": "Credited."})
    html = response.content.decode()
    assert (
        response.status_code == 200
        and "cannot be resolved or closed until the operator resolves" in html
    )
    assert (
        fresh(ticket).status == "escalated"
        and not Notification.objects.filter(kind="ticket_resolved").exists()
    )


def test_answering_the_operators_question_puts_the_escalation_back_in_review(agent_user):
    escalation = escalation_in("info_requested", agent_user)
    client = signed_in(agent_user)
    html = page(client, escalation.ticket)
    assert "The operator needs information from you" in html and "Which seats?" in html
    client.post(
        url(escalation.ticket, "answer"), {"answer-body": "Seats 9 and 10 were removed on the 3rd."}
    )
    assert Escalation.objects.get(pk=escalation.pk).status == "in_review"
    assert Message.objects.filter(visibility="operator", body__startswith="Seats 9 and 10").exists()


def test_withdrawing_the_escalation_gives_the_ticket_back(agent_user):
    escalation = escalation_in("submitted", agent_user)
    client = signed_in(agent_user)
    empty = client.post(url(escalation.ticket, "withdraw"), {"withdraw-reason": ""})
    assert "Say why you withdraw the escalation." in empty.content.decode()
    client.post(url(escalation.ticket, "withdraw"), {"withdraw-reason": "Solved meanwhile"})
    assert (
        Escalation.objects.get(pk=escalation.pk).status == "withdrawn"
        and fresh(escalation.ticket).status == "open"
    )


def test_answering_a_ticket_that_was_never_escalated_is_not_found(agent_user):
    ticket = ticket_in("open", agent_user)
    assert (
        signed_in(agent_user).post(url(ticket, "answer"), {"answer-body": "Hello"}).status_code
        == 404
    )


@pytest.mark.parametrize("action", ["answer", "withdraw"])
def test_no_escalation_to_act_on_is_not_found_before_the_form_is_read(agent_user, action):
    ticket = ticket_in("open", agent_user)
    assert signed_in(agent_user).post(url(ticket, action), {}).status_code == 404
