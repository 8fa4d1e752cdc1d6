"""The activity inbox: a row per user for what needs them, written by the services in the
transaction of the change; each user reads and marks only their own."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from core.actors import actor_for
from notifications.activity import Activity, activity_record
from tests.support.billing_helpers import (
    customer_with_subscription,
    day,
    invoice_due,
    publish,
    run,
)
from tests.support.factories import MembershipFactory
from tests.support.ticket_states import escalation_in, new_ticket, ticket_in
from tickets import services
from tickets.models import Escalation, Ticket
from tickets.services import sla
from tickets.services.customer import customer_reply

pytestmark = pytest.mark.django_db


def inbox(user) -> list[tuple[str, str, int]]:
    rows = Activity.objects.filter(user=user).order_by("id")
    return [(a.kind, a.object_type, a.object_id) for a in rows]


def test_a_customer_reply_tells_the_assignee_only(agent_user, admin_user):
    ticket = ticket_in("pending_customer", agent_user)
    services.ticket_assign(actor=actor_for(admin_user), ticket=ticket, assignee=agent_user.pk)
    customer_reply(ticket=Ticket.objects.get(pk=ticket.pk), body="It is invoice 7.")
    assert inbox(agent_user) == [("customer_replied", "ticket", ticket.pk)]
    assert inbox(admin_user) == []


def test_a_reply_on_an_unassigned_ticket_tells_every_member(
    agent_user, admin_user, other_admin_user
):
    ticket = new_ticket(agent_user)
    customer_reply(ticket=ticket, body="Any news?")
    assert inbox(agent_user) == inbox(admin_user) == [("customer_replied", "ticket", ticket.pk)]
    assert inbox(other_admin_user) == []
    assert Activity.objects.get(user=agent_user).summary == ticket.subject


def test_the_operators_question_and_decision_reach_the_partner(agent_user, admin_user):
    escalation = escalation_in("info_requested", agent_user)
    ticket_id = escalation.ticket_id
    assert inbox(agent_user) == [("operator_asked", "ticket", ticket_id)]
    services.escalation_answer(actor=actor_for(agent_user), escalation=escalation, body="Eight.")
    operator = actor_for(escalation.ticket.escalations.get().operator_assignee)
    services.escalation_resolve(
        actor=operator,
        escalation=Escalation.objects.get(pk=escalation.pk),
        outcome="answered",
        response="Fine.",
    )
    assert [kind for kind, _t, _i in inbox(admin_user)] == ["operator_asked", "operator_decided"]


def test_a_missed_deadline_tells_the_admins_of_an_unassigned_ticket(agent_user, admin_user):
    ticket = new_ticket(agent_user, priority="urgent")
    sla.sla_breach_record(
        ticket_id=ticket.pk, sla="first_response", now=timezone.now() + timedelta(hours=2)
    )
    assert inbox(admin_user) == [("sla_breached", "ticket", ticket.pk)]
    assert inbox(agent_user) == []


def test_ready_to_suspend_reaches_the_admins(partner, admin_user, agent_user):
    publish(partner, auto_suspend=False)
    customer, _subscription = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    run(day(21))
    run(day(28))
    [row] = Activity.objects.filter(user=admin_user)
    assert row.kind == "ready_to_suspend" and invoice.number in row.summary
    assert inbox(agent_user) == []


def test_a_rolled_back_change_leaves_no_activity(agent_user):
    ticket = new_ticket(agent_user)
    with pytest.raises(RuntimeError), transaction.atomic():
        activity_record(kind="customer_replied", target=ticket)
        raise RuntimeError
    assert not Activity.objects.exists()


@pytest.fixture
def rows(agent_user, admin_user):
    ticket = new_ticket(agent_user)
    mine = activity_record(kind="customer_replied", target=ticket, user_ids=[agent_user.pk])
    activity_record(kind="customer_replied", target=ticket, user_ids=[agent_user.pk])
    theirs = activity_record(kind="customer_replied", target=ticket, user_ids=[admin_user.pk])
    return mine[0], theirs[0]


def test_the_api_lists_my_unread_and_marks_them_read(api, agent_user, rows):
    client = api(agent_user)
    mine, _theirs = rows
    assert client.get("/api/activity/", {"unread": 1}).json()["count"] == 2
    response = client.post(f"/api/activity/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["read_at"]
    assert response.json()["kind_label"] == "The customer replied"
    assert client.get("/api/activity/", {"unread": 1}).json()["count"] == 1
    assert client.get("/api/activity/").json()["count"] == 2
    assert client.post("/api/activity/read-all/").json() == {"marked": 1}
    assert client.get("/api/activity/", {"unread": "true"}).json()["count"] == 0


def test_another_users_activity_is_not_found(api, agent_user, rows):
    _mine, theirs = rows
    client = api(agent_user)
    assert client.get(f"/api/activity/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/activity/{theirs.pk}/read/").status_code == 404
    client.post("/api/activity/read-all/")
    assert Activity.objects.get(pk=theirs.pk).read_at is None


def test_a_colleague_in_the_same_partner_does_not_see_mine(api, partner, rows):
    colleague = MembershipFactory(partner=partner, role="admin").user
    assert api(colleague).get("/api/activity/").json()["count"] == 0


def test_it_refuses_anonymous_and_bad_flags(api, agent_user):
    assert api(None).get("/api/activity/").status_code in (401, 403)
    assert api(agent_user).get("/api/activity/", {"unread": "maybe"}).status_code == 400
