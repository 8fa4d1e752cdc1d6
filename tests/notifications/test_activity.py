"""The activity inbox: a row per user for what needs them, written by the services in the
transaction of the change; each user reads and marks only their own."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from core.actors import actor_for
from core.errors import PolicyViolation
from notifications.activity import Activity, activity_record
from tests.support.billing_helpers import (
    customer_with_subscription,
    day,
    invoice_due,
    publish,
    run,
)
from tests.support.factories import MembershipFactory, make_operator
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


# --- the operator's inbox ----------------------------------------------------------------------


@pytest.fixture
def operators(db):
    """Two operator staff, a superuser (an operator too) and a former operator (inactive)."""
    from django.contrib.auth import get_user_model

    first, second = make_operator(), make_operator()
    root = get_user_model().objects.create_superuser("root", "root@desk.example", "pw-1-root")
    make_operator(is_active=False)
    return first, second, root


def test_a_new_escalation_tells_every_operator_with_its_partner(operators, agent_user, admin_user):
    escalation = escalation_in("submitted", agent_user, subject="Seats billed twice")
    rows = Activity.objects.filter(kind="escalation_submitted").order_by("user_id")
    assert [row.user_id for row in rows] == [user.pk for user in operators]
    assert {(r.object_type, r.object_id, r.partner_id, r.summary) for r in rows} == {
        ("escalation", escalation.pk, escalation.partner_id, "Seats billed twice")
    }
    assert [kind for kind, _t, _i in inbox(admin_user)] == []  # nothing for the partner


def test_the_partners_answer_tells_the_operator_who_asked(operators, agent_user):
    escalation = escalation_in("info_requested", agent_user)
    asker = Escalation.objects.get(pk=escalation.pk).operator_assignee
    services.escalation_answer(actor=actor_for(agent_user), escalation=escalation, body="Eight.")
    assert ("info_supplied", "escalation", escalation.pk) in inbox(asker)
    assert [user for user in operators if "info_supplied" in str(inbox(user))] == []


def test_an_answer_from_the_composer_tells_the_operator_too(operators, agent_user):
    escalation = escalation_in("info_requested", agent_user)
    asker = Escalation.objects.get(pk=escalation.pk).operator_assignee
    ticket = Ticket.objects.get(pk=escalation.ticket_id)
    services.ticket_reply(
        actor=actor_for(agent_user), ticket=ticket, body="Eight.", visibility="operator"
    )
    services.ticket_reply(  # in review again: a further message is no answer
        actor=actor_for(agent_user), ticket=ticket, body="And two.", visibility="operator"
    )
    assert [k for k, _t, _i in inbox(asker)].count("info_supplied") == 1


def every_operator() -> set[int]:
    """The active users ``actor_for`` takes for operator staff."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    return {user.pk for user in users if actor_for(user).is_operator}


def test_a_withdrawal_tells_the_operator_who_took_it_else_every_operator(operators, agent_user):
    first, second, root = operators
    taken = escalation_in("in_review", agent_user)
    services.escalation_withdraw(actor=actor_for(agent_user), escalation=taken, reason="Paid.")
    untaken = escalation_in("withdrawn", agent_user)
    withdrawn = Activity.objects.filter(kind="escalation_withdrawn")
    taker = Escalation.objects.get(pk=taken.pk).operator_assignee
    assert list(withdrawn.filter(object_id=taken.pk).values_list("user_id", flat=True)) == [
        taker.pk
    ]
    told = set(withdrawn.filter(object_id=untaken.pk).values_list("user_id", flat=True))
    assert told == every_operator() and {first.pk, second.pk, root.pk} <= told


def test_a_refused_escalation_tells_no_operator(operators, agent_user):
    ticket = new_ticket(agent_user, category="other")
    with pytest.raises(PolicyViolation):
        services.ticket_escalate(
            actor=actor_for(agent_user), ticket=ticket, summary="Why?", steps_taken="None"
        )
    assert not Activity.objects.exists()


def test_the_operator_reads_their_inbox_from_the_api(api, operators, agent_user):
    first, second, _root = operators
    escalation = escalation_in("submitted", agent_user)
    client = api(first)
    [row] = client.get("/api/activity/", {"unread": 1}).json()["results"]
    assert (row["kind"], row["object_type"], row["object_id"], row["partner"]) == (
        "escalation_submitted",
        "escalation",
        escalation.pk,
        escalation.partner_id,
    )
    assert row["kind_label"] == "A partner escalated a ticket"
    theirs = Activity.objects.get(user=second)
    assert client.get(f"/api/activity/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/activity/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/api/activity/{row['id']}/read/").json()["read_at"]
    escalation_in("submitted", agent_user)
    assert client.post("/api/activity/read-all/").json() == {"marked": 1}
    assert client.get("/api/activity/", {"unread": 1}).json()["count"] == 0
    assert Activity.objects.get(pk=theirs.pk).read_at is None
    assert api(agent_user).get(f"/api/activity/{row['id']}/").status_code == 404
