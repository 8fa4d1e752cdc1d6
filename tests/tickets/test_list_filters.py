"""One filter set per list: the API's query string and the web queues' forms go through the same
selector, so a status, a customer or an age means the same thing on both sides."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.actors import actor_for
from tests.support.factories import MembershipFactory, PartnerFactory
from tests.support.ticket_states import escalation_in, ticket_in
from tests.support.web import signed_in
from tickets import selectors
from tickets.models import Escalation

pytestmark = pytest.mark.django_db


def api_ids(client, url, **params) -> set[int]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def page_ids(client, url, **params) -> set[int]:
    response = client.get(url, params)
    assert response.status_code == 200
    return {row.pk for row in response.context["page"].object_list}


@pytest.fixture
def tickets_by_status(agent_user):
    return {state: ticket_in(state, agent_user).pk for state in ("new", "resolved", "closed")}


def test_an_absent_status_is_every_ticket_in_the_api_and_active_is_the_queues_default(
    api, agent_user, tickets_by_status
):
    everything = set(tickets_by_status.values())
    not_closed = everything - {tickets_by_status["closed"]}
    client, page = api(agent_user), signed_in(agent_user)
    assert api_ids(client, "/api/tickets/") == everything
    assert api_ids(client, "/api/tickets/", status="all") == everything
    assert api_ids(client, "/api/tickets/", status="active") == not_closed
    assert page_ids(page, "/tickets/") == not_closed  # the form asks for "active" itself
    assert page_ids(page, "/tickets/", status="all") == everything
    for state, pk in tickets_by_status.items():
        assert api_ids(client, "/api/tickets/", status=state) == {pk}
        assert page_ids(page, "/tickets/", status=state) == {pk}


def test_a_named_status_combines_with_concrete_ones(api, agent_user, tickets_by_status):
    got = api_ids(api(agent_user), "/api/tickets/", status=["closed", "active"])
    assert got == set(tickets_by_status.values())


def test_the_selector_takes_the_forms_single_values_and_skips_what_does_not_parse(
    agent_user, tickets_by_status
):
    actor = actor_for(agent_user)

    def ids(**filters):
        return set(selectors.ticket_list(actor=actor, filters=filters).values_list("pk", flat=True))

    assert ids(status="resolved") == {tickets_by_status["resolved"]}
    assert ids(status="sleeping", customer="x") == set(tickets_by_status.values())
    assert ids() == ids(status="", priority="", q="") == set(tickets_by_status.values())


def test_the_api_still_refuses_a_bad_value_with_a_400(api, agent_user):
    client = api(agent_user)
    assert client.get("/api/tickets/", {"status": "sleeping"}).status_code == 400
    assert client.get("/api/escalations/", {"status": "active"}).status_code == 400
    assert client.get("/api/escalations/", {"created_before": "soon"}).status_code == 400


def test_open_escalations_mean_the_same_in_the_api_and_the_console(api, operator_user):
    agents = [MembershipFactory(partner=PartnerFactory(), role="agent").user for _ in range(3)]
    submitted = escalation_in("submitted", agents[0])
    asked = escalation_in("info_requested", agents[1])
    decided = escalation_in("resolved", agents[2])
    client, console = api(operator_user), signed_in(operator_user)
    assert api_ids(client, "/api/escalations/") == {submitted.pk, asked.pk, decided.pk}
    assert api_ids(client, "/api/escalations/", status="open") == {submitted.pk, asked.pk}
    assert page_ids(console, "/ops/escalations/") == {submitted.pk, asked.pk}
    assert page_ids(console, "/ops/escalations/", status="all") == {
        submitted.pk,
        asked.pk,
        decided.pk,
    }


def test_waiting_more_than_n_days_is_created_before_n_days_ago(api, operator_user, agent_user):
    old = escalation_in("submitted", agent_user)
    Escalation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=4))
    escalation_in("submitted", MembershipFactory(partner=PartnerFactory(), role="agent").user)
    three_days_ago = (timezone.now() - timedelta(days=3)).isoformat()
    assert api_ids(api(operator_user), "/api/escalations/", created_before=three_days_ago) == {
        old.pk
    }
    assert page_ids(signed_in(operator_user), "/ops/escalations/", age="3") == {old.pk}
