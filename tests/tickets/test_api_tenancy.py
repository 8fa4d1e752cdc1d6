"""Tenancy for tickets and escalations: another partner's are 404 and never in a list or filter."""

import pytest

from tests.support.ticket_states import escalation_in, ticket_in

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_another_partners_ticket_is_404_and_absent_from_the_queue(
    api, agent_user, other_agent_user
):
    mine, theirs = ticket_in("open", agent_user), ticket_in("open", other_agent_user)
    client = api(agent_user)
    assert client.get(f"/api/tickets/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/tickets/{theirs.pk}/messages/").status_code == 404
    assert ids(client.get("/api/tickets/")) == {mine.pk}


def test_filtering_by_another_partners_customer_finds_nothing_and_reveals_nothing(
    api, agent_user, other_agent_user
):
    theirs = ticket_in("open", other_agent_user)
    client = api(agent_user)
    assert ids(client.get("/api/tickets/", {"customer": theirs.customer_id})) == set()
    assert (
        ids(client.get("/api/tickets/", {"customer": 987654})) == set()
    )  # same answer as for a missing id


def test_ordering_by_any_field_never_mixes_in_another_partner(api, agent_user, other_agent_user):
    mine = ticket_in("new", agent_user)
    ticket_in("new", other_agent_user)
    for ordering in ("priority", "-created_at", "updated_at", "id"):
        assert ids(api(agent_user).get("/api/tickets/", {"ordering": ordering})) == {mine.pk}


def test_another_partners_escalation_is_404_and_absent_from_the_list(
    api, agent_user, other_agent_user
):
    mine, theirs = (
        escalation_in("submitted", agent_user),
        escalation_in("submitted", other_agent_user),
    )
    client = api(agent_user)
    assert client.get(f"/api/escalations/{theirs.pk}/").status_code == 404
    assert ids(client.get("/api/escalations/")) == {mine.pk}
    assert ids(client.get("/api/escalations/", {"partner": theirs.partner_id})) == set()


def test_the_operator_sees_every_partners_escalations_oldest_first(
    api, agent_user, other_agent_user, operator_user
):
    first, second = (
        escalation_in("submitted", agent_user),
        escalation_in("submitted", other_agent_user),
    )
    rows = api(operator_user).get("/api/escalations/").json()["results"]
    assert [row["id"] for row in rows] == [first.pk, second.pk]


def test_the_operator_has_no_access_to_the_partners_ticket_queue(api, agent_user, operator_user):
    ticket = ticket_in("open", agent_user)
    assert api(operator_user).get("/api/tickets/").status_code == 403
    assert api(operator_user).get(f"/api/tickets/{ticket.pk}/").status_code == 403


def test_a_ticket_for_another_partners_customer_cannot_be_created(
    api, agent_user, other_agent_user
):
    theirs = ticket_in("new", other_agent_user)
    response = api(agent_user).post(
        "/api/tickets/",
        {"customer": theirs.customer_id, "category": "other", "subject": "s", "description": "d"},
        format="json",
    )
    assert response.status_code == 400 and "customer" in response.json()


def test_assigning_someone_of_another_partner_is_refused(api, agent_user, other_agent_user):
    ticket = ticket_in("new", agent_user)
    response = api(agent_user).post(
        f"/api/tickets/{ticket.pk}/assign/", {"assignee": other_agent_user.pk}, format="json"
    )
    assert response.status_code == 400 and "assignee" in response.json()
