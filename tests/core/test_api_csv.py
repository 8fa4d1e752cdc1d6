"""``?format=csv`` on the list APIs: every filtered row (not one page), the same order, tenancy
and filters as the JSON list, formulas defused, a dated file name; errors stay JSON; a CSV export
costs the same number of queries whatever the number of rows. The walk over the URL resolver
finds every list of the demo desk (an answer with ``count`` and ``results``) and requires its CSV,
so a list added later without one fails here."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.actors import actor_for
from partners.models import Partner
from tests.support.factories import (
    CustomerFactory,
    InvoiceFactory,
    SubscriptionFactory,
    TicketFactory,
)
from tests.support.routes import concrete, sample_values, site_routes
from tickets.services import ticket_reply

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    """The rows of a streamed CSV answer (the header first), checking the BOM and the type."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def column(rows, name) -> list[str]:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


@pytest.fixture
def customers(partner):
    return CustomerFactory.create_batch(3, partner=partner)


def test_every_filtered_row_comes_not_one_page(api, agent_user, partner, customers):
    for index in range(60):  # more than a page (25) and more than the largest page (200 / 3)
        InvoiceFactory(customer=customers[index % 3], partner=partner)
    client = api(agent_user)
    assert client.get("/api/invoices/").json()["count"] == 60
    rows = read_csv(client.get("/api/invoices/", {"format": "csv"}))
    assert len(rows) == 61
    mine = read_csv(client.get("/api/invoices/", {"format": "csv", "customer": customers[0].id}))
    assert set(column(mine, "customer")) == {str(customers[0].id)} and len(mine) == 21


def test_the_columns_and_order_are_the_json_lists(api, agent_user, partner, customers):
    for index in range(30):
        InvoiceFactory(customer=customers[index % 3], partner=partner)
    client = api(agent_user)
    page = client.get("/api/invoices/", {"ordering": "amount,id", "page_size": 200}).json()
    rows = read_csv(client.get("/api/invoices/", {"ordering": "amount,id", "format": "csv"}))
    assert rows[0] == list(page["results"][0])
    assert column(rows, "id") == [str(row["id"]) for row in page["results"]]
    assert column(rows, "amount") == [row["amount"] for row in page["results"]]


def test_another_partners_rows_are_absent(api, agent_user, partner, other_partner):
    mine = SubscriptionFactory(customer=CustomerFactory(partner=partner))
    SubscriptionFactory(customer=CustomerFactory(partner=other_partner))
    rows = read_csv(api(agent_user).get("/api/subscriptions/?format=csv"))
    assert column(rows, "id") == [str(mine.id)]
    rows = read_csv(api(agent_user).get("/api/customers/?format=csv"))
    assert column(rows, "id") == [str(mine.customer_id)]


def test_a_formula_is_defused_and_the_file_is_named_with_the_date(api, agent_user, partner):
    CustomerFactory(partner=partner, name="=cmd|' /C calc'!A0", email="ap@x.example")
    response = api(agent_user).get("/api/customers/", {"format": "csv"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="customers-{timezone.localdate().isoformat()}.csv"'
    )
    rows = read_csv(response)
    assert column(rows, "name") == ["'=cmd|' /C calc'!A0"]
    assert column(rows, "collections_exempt") == ["false"]


def test_a_nested_list_answers_csv_too(api, agent_user, partner):
    ticket = TicketFactory(partner=partner, customer=CustomerFactory(partner=partner))
    for body in ("one", "two", "=three"):
        ticket_reply(actor=actor_for(agent_user), ticket=ticket, body=body, visibility="internal")
    rows = read_csv(api(agent_user).get(f"/api/tickets/{ticket.id}/messages/?format=csv"))
    assert len(rows) == 4 and "attachments" in rows[0]
    assert column(rows, "body")[-1] == "'=three"


def test_errors_stay_json_and_a_detail_has_no_csv(api, agent_user, operator_user, customers):
    client = api(agent_user)
    bad = client.get("/api/invoices/", {"format": "csv", "status": "nonsense"})
    assert bad.status_code == 400
    assert bad.json() == {"status": ['"nonsense" is not a valid choice.']}
    assert api(None).get("/api/invoices/?format=csv").status_code == 401
    refused = api(operator_user).get("/api/customers/?format=csv")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/json"
    detail = client.get(f"/api/customers/{customers[0].id}/?format=csv")
    assert detail.status_code == 404 and detail["Content-Type"] == "application/json"
    assert client.post("/api/customers/?format=csv", {}, format="json").status_code == 404


def csv_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        read_csv(client.get(url, {"format": "csv"}))
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url, grow",
    [
        ("/api/invoices/", lambda p, c: InvoiceFactory(customer=c, partner=p)),
        ("/api/subscriptions/", lambda p, c: SubscriptionFactory(customer=c)),
        ("/api/customers/", lambda p, c: CustomerFactory(partner=p)),
        ("/api/tickets/", lambda p, c: TicketFactory(partner=p, customer=c)),
    ],
)
def test_the_query_count_does_not_grow_with_the_rows(api, agent_user, partner, url, grow):
    customer = CustomerFactory(partner=partner)
    client = api(agent_user)
    for _ in range(5):
        grow(partner, customer)
    client.get(url)  # warm-up
    before = csv_queries(client, url)
    for _ in range(40):
        grow(partner, customer)
    assert csv_queries(client, url) == before <= 6


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


@pytest.mark.parametrize("username", ["operator", "northwind-admin"])
def test_every_list_route_answers_csv(demo, api, username):
    client = api(get_user_model().objects.get(username=username))
    values = sample_values(Partner.objects.get(slug="northwind"))
    lists = []
    for route in site_routes():
        if not route.startswith("api/"):
            continue
        url = concrete(route, values)
        response = client.get(url, {"page_size": 200})
        body = response.json() if response["Content-Type"] == "application/json" else None
        if response.status_code != 200 or not isinstance(body, dict) or "results" not in body:
            continue
        lists.append(route)
        rows = read_csv(client.get(url, {"format": "csv"}))
        assert len(rows) - 1 == body["count"], url
        if body["results"]:
            # A nested object's fields are columns of their own (``name.field``).
            assert {name.split(".")[0] for name in rows[0]} == set(body["results"][0]), url
    assert len(lists) >= (16 if username == "northwind-admin" else 6), lists
