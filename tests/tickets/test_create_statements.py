"""Creating a ticket over the API costs at most ten SQL statements (savepoints counted): one
INSERT with status and assignee already set, the Events in one INSERT, the e-mail in one."""

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken
from rest_framework.test import APIClient

from partners.models import Event
from tests.support.factories import CustomerFactory, InvoiceFactory, SubscriptionFactory
from tickets.models import DeskSettings, Ticket
from tickets.services import tickets as ticket_services

pytestmark = pytest.mark.django_db


def create(client, customer, **extra):
    body = {
        "customer": customer.pk,
        "category": "billing_question",
        "subject": "Invoice question",
        "description": "Why is it so high?",
        **extra,
    }
    with CaptureQueriesContext(connection) as ctx:
        response = client.post("/api/tickets/", body, format="json")
    return response, [q["sql"] for q in ctx.captured_queries]


def test_an_assigned_ticket_with_references_is_created_in_ten_statements(api, agent_user, partner):
    client = api(agent_user)
    customer = CustomerFactory(partner=partner)
    subscription = SubscriptionFactory(customer=customer, partner=partner)
    invoice = InvoiceFactory(customer=customer, partner=partner, subscription=subscription)
    create(client, customer)  # the desk settings are cached from here on
    response, statements = create(
        client,
        customer,
        assignee=agent_user.pk,
        subscription=subscription.pk,
        invoice=invoice.pk,
        priority="high",
    )
    assert response.status_code == 201, response.content
    # The savepoint, the customer, the subscription, the invoice, the three INSERTs, the release:
    # assigning to oneself reads no membership (the actor's was read with them).
    assert len(statements) <= 8, "\n".join(s[:120] for s in statements)
    assert not [s for s in statements if "auth_user" in s.split(" WHERE ")[0]]
    inserts = [s for s in statements if s.startswith("INSERT")]
    assert len(inserts) == 3  # the ticket, its Events, its e-mail
    assert not [s for s in statements if s.startswith("UPDATE")]
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert (ticket.status, ticket.assignee_id) == ("open", agent_user.pk)
    assert list(
        Event.objects.filter(object_type="ticket", object_id=ticket.pk)
        .order_by("id")
        .values_list("action", "from_state", "to_state")
    ) == [("created", "", "new"), ("assigned", "new", "new"), ("start_work", "new", "open")]


def test_through_an_api_token_the_whole_request_is_seven_statements(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=agent_user)[1]}")
    create(client, customer)  # the desk settings are cached from here on
    response, statements = create(client, customer, assignee=agent_user.pk, priority="high")
    assert response.status_code == 201, response.content
    # The token with its user and their role, the savepoint, the customer, the three INSERTs,
    # the release.
    assert len(statements) == 7, "\n".join(s[:120] for s in statements)
    assert statements[0].startswith('SELECT "knox_authtoken"')


def test_assigning_another_member_checks_their_membership(api, agent_user, admin_user, partner):
    customer = CustomerFactory(partner=partner)
    response, statements = create(api(agent_user), customer, assignee=admin_user.pk)
    assert response.status_code == 201, response.content
    assert Ticket.objects.get(pk=response.json()["id"]).assignee_id == admin_user.pk
    assert len([s for s in statements if s.startswith('SELECT "auth_user"')]) == 1


def test_assigning_someone_of_another_partner_is_refused(
    api, agent_user, other_admin_user, partner
):
    customer = CustomerFactory(partner=partner)
    response, _statements = create(api(agent_user), customer, assignee=other_admin_user.pk)
    assert response.status_code == 400 and "assignee" in response.json()
    assert not Ticket.objects.exists()


def test_an_unassigned_ticket_stays_new(api, agent_user, partner):
    customer = CustomerFactory(partner=partner)
    response, statements = create(api(agent_user), customer)
    assert response.status_code == 201
    assert Ticket.objects.get(pk=response.json()["id"]).status == "new"


def test_a_changed_desk_setting_applies_to_the_next_ticket(api, agent_user, partner):
    client = api(agent_user)
    customer = CustomerFactory(partner=partner)
    first = create(client, customer, priority="high")[0].json()["id"]
    DeskSettings.objects.create(partner=partner, first_response_hours={"high": 40})
    second = create(client, customer, priority="high")[0].json()["id"]
    one, two = (Ticket.objects.get(pk=pk) for pk in (first, second))
    assert (two.first_response_due - two.created_at).total_seconds() > 39 * 3600
    assert (one.first_response_due - one.created_at).total_seconds() < 39 * 3600


def test_it_refuses_a_bad_choice_with_a_400_and_writes_nothing(api, agent_user, partner):
    customer = CustomerFactory(partner=partner)
    response, _statements = create(api(agent_user), customer, category="nonsense")
    assert response.status_code == 400 and "category" in response.content.decode()
    assert not Ticket.objects.exists()


def test_it_turns_a_constraint_the_database_enforces_into_the_same_400(
    api, agent_user, partner, monkeypatch
):
    customer = CustomerFactory(partner=partner)
    real_save = Ticket.save

    def refused(self, *args, **kwargs):
        real_save(self, *args, **kwargs)
        raise IntegrityError('violates check constraint "ticket_category_valid"')

    monkeypatch.setattr(Ticket, "save", refused)
    monkeypatch.setattr(ticket_services, "customer_email", lambda *a, **k: None)
    response, _statements = create(api(agent_user), customer)
    assert response.status_code == 400, response.content
    assert not Ticket.objects.exists()
