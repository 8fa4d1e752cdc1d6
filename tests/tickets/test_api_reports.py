"""GET /api/reports/<name>/: JSON and CSV, the period checked, who may read, tenancy."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing.models import Payment
from tests.support.factories import CustomerFactory, InvoiceFactory, TicketFactory
from tests.support.reports import at, build_collections, build_tickets
from tickets.models import Ticket
from tickets.selectors.reports import REPORT_COLUMNS

PERIOD = {"from": "2026-01-05", "to": "2026-01-18"}


@pytest.fixture
def dataset(partner, other_partner):
    build_tickets(partner, other_partner)
    build_collections(partner, other_partner)


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.django_db
def test_it_answers_each_report_as_json_with_its_columns(dataset, api, admin_user, partner):
    for name, columns in REPORT_COLUMNS.items():
        body = api(admin_user).get(f"/api/reports/{name}/", PERIOD).json()
        assert (body["report"], body["from"], body["to"]) == (name, *PERIOD.values())
        assert body["columns"] == columns and body["partner"] == partner.pk
        assert all(list(row) == columns for row in body["rows"]), name


@pytest.mark.django_db
def test_it_exports_the_report_as_csv_through_the_one_writer(dataset, api, admin_user):
    response = api(admin_user).get("/api/reports/dunning-recovery/", {**PERIOD, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="report-dunning-recovery-' in response["Content-Disposition"]
    assert _csv(response) == [
        ["currency", "step", "after_days", "payments", "recovered"],
        ["CNY", "", "", "1", "400.00"],
        ["CNY", "reminder", "3", "1", "300.00"],
        ["CNY", "final_notice", "10", "1", "500.00"],
    ]


@pytest.mark.django_db
def test_the_csv_holds_the_same_rows_as_the_json(dataset, api, admin_user):
    client = api(admin_user)
    rows = client.get("/api/reports/sla-attainment/", PERIOD).json()["rows"]
    lines = _csv(client.get("/api/reports/sla-attainment/", {**PERIOD, "format": "csv"}))
    assert len(lines) == len(rows) + 1
    assert lines[1] == ["2026-01-05", "first_response", "2", "1", "0", "66.7"]


@pytest.mark.django_db
def test_money_stays_a_string_in_json(dataset, api, admin_user):
    rows = api(admin_user).get("/api/reports/escalations/", PERIOD).json()["rows"]
    assert rows[0] == {
        "outcome": "upheld",
        "escalations": 1,
        "currency": "CNY",
        "credits": "100.00",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-01-18", "to": "2026-01-05"}, "to"),
        ({"from": "1999-12-31", "to": "2000-01-05"}, "from"),
        ({"from": "2026-01-05", "to": "2101-01-01"}, "to"),
        ({"from": "2020-01-01", "to": "2026-01-01"}, "from"),
        ({"from": "soon"}, "from"),
        ({"partner": "x"}, "partner"),
    ],
)
def test_it_refuses_a_bad_period_by_field(api, admin_user, params, field):
    response = api(admin_user).get("/api/reports/aging/", params)
    assert response.status_code == 400 and field in response.json(), response.json()


@pytest.mark.django_db
def test_it_refuses_an_agent(api, agent_user):
    response = api(agent_user).get("/api/reports/sla-attainment/")
    assert response.status_code == 403


@pytest.mark.django_db
def test_an_unknown_report_is_not_found(api, admin_user):
    assert api(admin_user).get("/api/reports/salaries/").status_code == 404
    assert api(admin_user).get("/api/reports/salaries/", {"format": "csv"}).status_code == 404


@pytest.mark.django_db
def test_a_partner_admin_cannot_ask_for_another_partner(dataset, api, admin_user, other_partner):
    response = api(admin_user).get("/api/reports/dso/", {**PERIOD, "partner": other_partner.pk})
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_operator_reads_every_partner_or_one(dataset, api, operator_user, other_partner):
    client = api(operator_user)
    everyone = client.get("/api/reports/tickets-by-channel/", PERIOD).json()
    one = client.get("/api/reports/tickets-by-channel/", {**PERIOD, "partner": other_partner.pk})
    channels = {row["channel"]: row["tickets"] for row in everyone["rows"]}
    assert channels == {"web": 2, "api": 2, "email": 1, "unrecorded": 1}
    assert {row["channel"]: row["tickets"] for row in one.json()["rows"]}["api"] == 1
    assert one.json()["partner"] == other_partner.pk
    assert client.get("/api/reports/dso/", {"partner": 999999}).status_code == 404


@pytest.mark.django_db
def test_the_default_period_is_the_last_twelve_weeks(api, admin_user):
    body = api(admin_user).get("/api/reports/sla-attainment/").json()
    assert len({row["week"] for row in body["rows"]}) == 12


def _grow(partner) -> None:
    """More tickets, answered and resolved, and more invoices paid in the period."""
    customer = CustomerFactory(partner=partner)
    for day in range(5, 15):
        ticket = TicketFactory(customer=customer, partner=partner)
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=at(1, day), first_responded_at=at(1, day, 12), resolved_at=at(1, day, 18)
        )
        invoice = InvoiceFactory(customer=customer, issue_date=date(2026, 1, day))
        Payment.objects.create(
            partner=partner, invoice=invoice, amount=Decimal("10"), date=date(2026, 1, day)
        )


def _queries(client, name) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/api/reports/{name}/", PERIOD).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_the_tickets(
    dataset, api, admin_user, partner, django_assert_max_num_queries
):
    client = api(admin_user)
    client.get("/api/reports/dso/", PERIOD)  # warm-up: the role lookup
    before = {name: _queries(client, name) for name in REPORT_COLUMNS}
    _grow(partner)
    assert {name: _queries(client, name) for name in REPORT_COLUMNS} == before
    for name in REPORT_COLUMNS:
        with django_assert_max_num_queries(8):
            client.get(f"/api/reports/{name}/", PERIOD)
