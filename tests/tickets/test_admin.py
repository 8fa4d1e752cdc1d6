"""The admin: tickets and escalations are read-only, state changes are actions that call the
services (same rules, same audit), canned replies are edited in every language."""

import pytest
from django.contrib.auth import get_user_model

from partners.models import Event
from tests.support.ticket_states import escalation_in, ticket_in
from tickets.models import Escalation, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-2026")
    client.force_login(user)
    return client, user


def test_the_ticket_status_cannot_be_edited_in_the_admin(staff, agent_user):
    client, _user = staff
    ticket = ticket_in("open", agent_user)
    page = client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert 'name="status"' not in page and ticket.status_token not in page
    response = client.post(f"/admin/tickets/ticket/{ticket.pk}/change/", {"status": "closed"})
    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).status == "open"


def test_taking_an_escalation_in_the_admin_goes_through_the_service(staff, agent_user):
    client, user = staff
    escalation = escalation_in("submitted", agent_user)
    client.post(
        "/admin/tickets/escalation/", {"action": "take", "_selected_action": [escalation.pk]}
    )
    escalation = Escalation.objects.get(pk=escalation.pk)
    assert escalation.status == "in_review" and escalation.operator_assignee == user
    assert Event.objects.filter(
        object_type="escalation", object_id=escalation.pk, action="take", actor=user
    ).exists()


def test_a_refused_admin_action_shows_the_reason_and_changes_nothing(staff, agent_user):
    client, _user = staff
    escalation = escalation_in("in_review", agent_user)
    response = client.post(
        "/admin/tickets/escalation/",
        {"action": "take", "_selected_action": [escalation.pk]},
        follow=True,
    )
    assert "only when it is submitted" in response.content.decode()
    assert Escalation.objects.get(pk=escalation.pk).status == "in_review"


def test_resolving_in_the_admin_asks_for_the_outcome_then_calls_the_service(staff, agent_user):
    client, _user = staff
    escalation = escalation_in("in_review", agent_user)
    form = client.post(
        "/admin/tickets/escalation/", {"action": "resolve", "_selected_action": [escalation.pk]}
    )
    assert form.status_code == 200 and 'name="outcome"' in form.content.decode()
    client.post(
        "/admin/tickets/escalation/",
        {
            "action": "resolve",
            "_selected_action": [escalation.pk],
            "apply": "1",
            "outcome": "rejected",
            "response": "The invoice is right.",
        },
    )
    escalation = Escalation.objects.select_related("ticket").get(pk=escalation.pk)
    assert (escalation.status, escalation.outcome, escalation.ticket.status) == (
        "resolved",
        "rejected",
        "open",
    )


def test_canned_replies_are_edited_in_every_language(staff):
    client, _user = staff
    page = client.get("/admin/tickets/cannedreply/add/").content.decode()
    for field in ("title_en", "title_zh_hans", "body_fr", "body_pt_br", "body_ru"):
        assert f'name="{field}"' in page
