"""The composer: it keeps the visibility just used (an internal note is not followed by a public
slip), a public send looks unlike an internal one, and an operator's question has one answer box —
the escalation panel's."""

import re

import pytest

from partners.models import Event
from tests.support.ticket_states import escalation_in, ticket_in
from tests.support.web import signed_in
from tickets.models import Escalation

pytestmark = pytest.mark.django_db


def composer(html: str) -> str:
    return re.search(r"<form[^>]*data-reply.*?</form>", html, re.S).group(0)


def checked(form_html: str) -> str | None:
    match = re.search(
        r'<input[^>]*name="reply-visibility"[^>]*value="(\w+)"[^>]*checked', form_html
    )
    return match.group(1) if match else None


def test_a_fresh_composer_sends_to_the_customer_and_says_so(agent_user):
    ticket = ticket_in("open", agent_user)
    form = composer(signed_in(agent_user).get(f"/tickets/{ticket.pk}/").content.decode())
    assert checked(form) == "public" and 'data-visibility="public"' in form
    assert "Send to the customer</button>" in form


def test_after_an_internal_note_the_composer_stays_internal(agent_user):
    ticket = ticket_in("open", agent_user)
    client = signed_in(agent_user)
    client.post(
        f"/tickets/{ticket.pk}/reply/",
        {"reply-visibility": "internal", "reply-body": "Customer is grumpy."},
    )
    form = composer(client.get(f"/tickets/{ticket.pk}/").content.decode())
    assert checked(form) == "internal" and 'data-visibility="internal"' in form
    assert "Add internal note</button>" in form


def test_an_operator_question_is_answered_in_one_place(agent_user):
    escalation = escalation_in("info_requested", agent_user)
    html = signed_in(agent_user).get(f"/tickets/{escalation.ticket_id}/").content.decode()
    assert f"/tickets/{escalation.ticket_id}/answer/" in html  # the escalation panel
    assert 'value="operator"' not in composer(html)


def test_while_the_operator_reviews_the_composer_can_still_write_to_them(agent_user):
    escalation = escalation_in("in_review", agent_user)
    html = signed_in(agent_user).get(f"/tickets/{escalation.ticket_id}/").content.decode()
    assert 'value="operator"' in composer(html)


def test_a_message_to_the_operator_sent_from_a_page_opened_before_the_question_answers_it(
    agent_user,
):
    """The operator asked while the agent was typing in the composer: the message is the answer,
    written by the same service as the panel's, not a "not a valid choice" refusal."""
    escalation = escalation_in("info_requested", agent_user)
    response = signed_in(agent_user).post(
        f"/tickets/{escalation.ticket_id}/reply/",
        {"reply-visibility": "operator", "reply-body": "Seats 9 and 10."},
    )
    assert response.status_code == 302
    escalation = Escalation.objects.get(pk=escalation.pk)
    assert escalation.status == "in_review"
    answer = escalation.ticket.messages.get(body="Seats 9 and 10.")
    assert answer.visibility == "operator" and answer.author_kind == "partner"
    assert Event.objects.filter(object_id=escalation.pk, action="answer").count() == 1


def test_the_panel_and_the_composer_answer_through_one_writer(agent_user):
    """Both ways leave the same trace: the escalation back in review, the same audit rows."""
    traces = []
    for action, fields in (
        ("answer", {"answer-body": "Seats 9 and 10."}),
        ("reply", {"reply-visibility": "operator", "reply-body": "Seats 9 and 10."}),
    ):
        escalation = escalation_in("info_requested", agent_user)
        before = Event.objects.latest("pk").pk
        signed_in(agent_user).post(f"/tickets/{escalation.ticket_id}/{action}/", fields)
        escalation = Escalation.objects.get(pk=escalation.pk)
        events = Event.objects.filter(pk__gt=before).order_by("pk")
        traces.append((escalation.status, [(e.action, e.from_state, e.to_state) for e in events]))
    assert traces[0] == traces[1] and traces[0][0] == "in_review"
