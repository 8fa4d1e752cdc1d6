""" "Export CSV" on every list page of the portal and the console: the page's own filters, every
row (not one page), the partner's rows only, the list API's columns, a constant query count. The
walk opens every page of the demo desk: one that shows a paginated list must offer the export,
and the export must answer, so a list page added later without one fails here."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.paginator import Page
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Partner
from tests.support.factories import CustomerFactory, InvoiceFactory, SubscriptionFactory
from tests.support.routes import concrete, sample_values, site_routes
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def column(rows, name) -> list[str]:
    index = rows[0].index(name)
    return [row[index] for row in rows[1:]]


def test_the_invoice_page_exports_its_filtered_rows(agent_user, partner, other_partner):
    customers = CustomerFactory.create_batch(2, partner=partner)
    for index in range(40):  # more than a page of 25
        InvoiceFactory(customer=customers[index % 2], partner=partner)
    InvoiceFactory(customer=CustomerFactory(partner=other_partner), partner=other_partner)
    client = signed_in(agent_user)
    page = client.get("/invoices/", {"customer": customers[0].pk})
    assert b"data-export-csv" in page.content and b"format=csv" in page.content
    rows = read_csv(client.get("/invoices/", {"format": "csv"}))
    assert len(rows) == 41
    assert rows[0] == read_csv(client.get("/api/invoices/", {"format": "csv"}))[0]
    rows = read_csv(client.get("/invoices/", {"format": "csv", "customer": customers[0].pk}))
    assert set(column(rows, "customer")) == {str(customers[0].pk)} and len(rows) == 21


def test_the_customer_page_exports_formulas_defused(agent_user, partner):
    CustomerFactory(partner=partner, name="@SUM(1+1)", external_id="K-1")
    CustomerFactory(partner=partner, name="Plain Ltd")
    client = signed_in(agent_user)
    rows = read_csv(client.get("/customers/", {"format": "csv", "q": "SUM"}))
    assert column(rows, "name") == ["'@SUM(1+1)"] and column(rows, "external_id") == ["K-1"]


def test_the_console_exports_every_partners_subscriptions(operator_user, partner, other_partner):
    SubscriptionFactory(customer=CustomerFactory(partner=partner))
    theirs = SubscriptionFactory(customer=CustomerFactory(partner=other_partner))
    client = signed_in(operator_user)
    assert len(read_csv(client.get("/ops/subscriptions/", {"format": "csv"}))) == 3
    query = {"format": "csv", "partner": other_partner.pk}
    rows = read_csv(client.get("/ops/subscriptions/", query))
    assert column(rows, "id") == [str(theirs.pk)]


def test_an_export_costs_the_same_queries_for_more_rows(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    client = signed_in(agent_user)
    client.get("/invoices/")  # warm-up: session, content types

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            read_csv(client.get("/subscriptions/", {"format": "csv"}))
            read_csv(client.get("/invoices/", {"format": "csv"}))
        return len(ctx.captured_queries)

    SubscriptionFactory.create_batch(3, customer=customer)
    InvoiceFactory.create_batch(3, customer=customer, partner=partner)
    before = queries()
    SubscriptionFactory.create_batch(30, customer=customer)
    InvoiceFactory.create_batch(30, customer=customer, partner=partner)
    assert queries() == before


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


@pytest.mark.parametrize("username", ["operator", "northwind-admin"])
def test_every_list_page_offers_its_export(demo, username):
    client = signed_in(get_user_model().objects.get(username=username))
    values = sample_values(Partner.objects.get(slug="northwind"))
    lists = []
    for route in site_routes():
        if route.startswith("api/"):
            continue
        url = concrete(route, values)
        response = client.get(url)
        context = response.context
        if response.status_code != 200 or context is None:
            continue
        if not isinstance(context.get("page"), Page):
            continue
        lists.append(url)
        assert b"data-export-csv" in response.content, url
        rows = read_csv(client.get(url, {"format": "csv"}))
        assert len(rows) - 1 == context["page"].paginator.count, url
    assert len(lists) >= (4 if username == "operator" else 9), lists
