"""The operator's escalation queue and escalation page: across partners, never an internal note,
every decision through the services with their reasons shown."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.actors import actor_for
from notifications.models import Notification
from tests.support.factories import MembershipFactory, PartnerFactory
from tests.support.ticket_states import escalation_in, ticket_in
from tests.support.web import signed_in
from tickets import services
from tickets.models import Escalation, Message, Ticket

pytestmark = pytest.mark.django_db


def url(escalation, action=""):
    return f"/ops/escalations/{escalation.pk}/" + (f"{action}/" if action else "")


def fresh(escalation) -> Escalation:
    return Escalation.objects.select_related("ticket").get(pk=escalation.pk)


def queue(client, **params) -> list[int]:
    response = client.get("/ops/escalations/", params)
    assert response.status_code == 200
    return [escalation.pk for escalation in response.context["page"].object_list]


def agent_of(partner=None):
    return MembershipFactory(partner=partner or PartnerFactory(), role="agent").user


def test_the_queue_holds_open_escalations_of_every_partner_oldest_first(operator_user):
    first = escalation_in("submitted", agent_of())
    second = escalation_in("info_requested", agent_of())
    decided = escalation_in("resolved", agent_of())
    client = signed_in(operator_user)
    assert queue(client) == [first.pk, second.pk]
    assert queue(client, status="resolved") == [decided.pk]
    assert queue(client, status="all") == [first.pk, second.pk, decided.pk]
    html = client.get("/ops/escalations/").content.decode()
    assert (
        first.partner.name in html and second.partner.name in html and first.ticket.subject in html
    )


def test_the_queue_filters_by_partner_and_age(operator_user):
    old = escalation_in("submitted", agent_of())
    Escalation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=4))
    recent = escalation_in("submitted", agent_of())
    client = signed_in(operator_user)
    assert queue(client, partner=recent.partner_id) == [recent.pk]
    assert queue(client, age="3") == [old.pk]
    assert queue(client, age="7") == []


def test_the_queue_shows_the_customers_deadline_and_marks_it_when_overdue(operator_user):
    escalation = escalation_in("submitted", agent_of())
    html = signed_in(operator_user).get("/ops/escalations/").content.decode()
    # The clocks stand still while the operator has the ticket.
    assert "clock--paused" in html and "paused while the operator has it" in html
    # A deadline already missed when the ticket was escalated stays missed (nothing was left).
    Ticket.objects.filter(pk=escalation.ticket_id).update(
        resolution_due=timezone.now() - timedelta(hours=3), sla_left={}
    )
    html = signed_in(operator_user).get("/ops/escalations/").content.decode()
    assert "clock--breached" in html and "overdue by 3" in html


def test_partner_users_are_refused_the_console(agent_user, admin_user):
    escalation = escalation_in("submitted", agent_user)
    for user in (agent_user, admin_user):
        client = signed_in(user)
        assert client.get("/ops/escalations/").status_code == 403
        assert client.get(url(escalation)).status_code == 403
        assert client.post(url(escalation, "take")).status_code == 403
    assert fresh(escalation).status == "submitted"


def test_the_page_never_shows_internal_notes(operator_user, agent_user):
    escalation = escalation_in("in_review", agent_user)
    agent = actor_for(agent_user)
    services.ticket_reply(
        actor=agent,
        ticket=escalation.ticket,
        body="SECRET-INTERNAL the customer is bluffing",
        visibility="internal",
    )
    services.ticket_reply(actor=agent, ticket=escalation.ticket, body="Public word to the customer")
    services.ticket_reply(
        actor=agent, ticket=escalation.ticket, body="Word to the operator", visibility="operator"
    )
    html = signed_in(operator_user).get(url(escalation)).content.decode()
    assert "SECRET-INTERNAL" not in html and "bluffing" not in html and "msg--internal" not in html
    assert "Public word to the customer" in html and "Word to the operator" in html
    assert escalation.summary in html and escalation.steps_taken in html


def test_taking_it_starts_the_review_and_twice_is_refused_with_the_reason(
    operator_user, agent_user
):
    escalation = escalation_in("submitted", agent_user)
    client = signed_in(operator_user)
    assert client.post(url(escalation, "take")).status_code == 302
    assert (fresh(escalation).status, fresh(escalation).operator_assignee) == (
        "in_review",
        operator_user,
    )
    again = client.post(url(escalation, "take"))
    assert (
        again.status_code == 200
        and "you can take it only when it is submitted" in again.content.decode()
    )


def test_asking_the_partner_needs_a_question_and_tells_the_members(operator_user, agent_user):
    escalation = escalation_in("in_review", agent_user)
    client = signed_in(operator_user)
    empty = client.post(url(escalation, "ask"), {"ask-question": ""})
    assert (
        "Write your question." in empty.content.decode() and fresh(escalation).status == "in_review"
    )
    client.post(url(escalation, "ask"), {"ask-question": "Which seats were removed?"})
    assert fresh(escalation).status == "info_requested"
    assert Message.objects.filter(
        visibility="operator", author_kind="operator", body="Which seats were removed?"
    ).exists()
    assert Notification.objects.filter(
        kind="escalation_info_requested", recipient=agent_user.email
    ).exists()


def test_a_credit_with_a_rejected_outcome_shows_the_services_reason(operator_user, agent_user):
    escalation = escalation_in("in_review", agent_user)
    response = signed_in(operator_user).post(
        url(escalation, "resolve"),
        {
            "resolve-outcome": "rejected",
            "resolve-response": "Usage matches the invoice.",
            "resolve-credit_amount": "50",
        },
    )
    html = response.content.decode()
    assert (
        response.status_code == 200
        and "A credit goes only with an upheld or partially upheld outcome." in html
    )
    assert 'id="id_resolve-credit_amount_error"' in html  # on the credit field itself
    assert fresh(escalation).status == "in_review"


def test_resolving_returns_the_ticket_to_the_partner_with_a_close_the_loop_deadline(
    operator_user, agent_user
):
    escalation = escalation_in("in_review", agent_user)
    client = signed_in(operator_user)
    client.post(
        url(escalation, "resolve"),
        {
            "resolve-outcome": "upheld",
            "resolve-response": "Two seats credited.",
            "resolve-credit_amount": "120.00",
        },
    )
    escalation = fresh(escalation)
    assert (escalation.status, escalation.outcome, escalation.credit_amount) == (
        "resolved",
        "upheld",
        Decimal("120.00"),
    )
    assert escalation.ticket.status == "open" and escalation.ticket.close_loop_due is not None
    assert Notification.objects.filter(kind="escalation_resolved").exists()
    html = client.get(url(escalation)).content.decode()
    assert (
        "Two seats credited." in html
        and "badge--upheld" in html
        and 'action="/ops/escalations/' not in html
    )


def test_the_partner_sees_the_decision_and_owes_the_customer_a_message(operator_user, agent_user):
    escalation = escalation_in("resolved", agent_user)
    html = signed_in(agent_user).get(f"/tickets/{escalation.ticket_id}/").content.decode()
    assert (
        "The operator decided" in html
        and "Two seats credited." in html
        and "Close the loop." in html
    )


def test_a_missing_escalation_and_an_unknown_action_are_not_found(operator_user, agent_user):
    escalation = escalation_in("submitted", agent_user)
    client = signed_in(operator_user)
    assert client.get("/ops/escalations/999999/").status_code == 404
    assert client.post(url(escalation, "explode")).status_code == 404
    assert client.post(url(escalation, "explode")).status_code == 404
    assert fresh(escalation).status == "submitted"


def test_the_operator_lands_on_the_queue_and_the_nav_leads_there(operator_user):
    client = signed_in(operator_user)
    assert client.get("/")["Location"] == "/ops/escalations/"
    html = client.get("/ops/escalations/").content.decode()
    assert 'href="/ops/escalations/" aria-current="page"' in html


def test_the_queue_names_each_case_by_the_partners_ticket_number_not_the_escalation_id(
    operator_user, agent_user
):
    ticket_in("open", agent_user)  # ticket numbers and escalation ids no longer coincide
    first = escalation_in("submitted", agent_user)
    second = escalation_in("submitted", agent_user)
    html = signed_in(operator_user).get("/ops/escalations/").content.decode()
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    for escalation in (first, second):
        row = next(r for r in rows if f"/ops/escalations/{escalation.pk}/" in r)
        assert f"#{escalation.ticket_id}<" in row and escalation.partner.name in row
