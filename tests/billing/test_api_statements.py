"""Statements (what a partner owes the operator): the operator issues and confirms them, the partner
sees its own and reports its payment."""

import pytest

from billing.models import Statement
from partners.models import Event
from tests.support.factories import StatementFactory

pytestmark = pytest.mark.django_db

URL = "/api/statements/"


@pytest.fixture
def statement(partner):
    return StatementFactory(partner=partner)


def test_the_operator_issues_a_statement(api, operator_user, partner):
    response = api(operator_user).post(
        URL,
        {
            "partner": partner.id,
            "number": "ST-2026-03",
            "amount": "8800.50",
            "due_date": "2026-04-15",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json() == {
        "id": response.json()["id"],
        "partner": partner.id,
        "number": "ST-2026-03",
        "amount": "8800.50",
        "currency": "CNY",
        "due_date": "2026-04-15",
        "status": "open",
        "payment_reference": "",
        "payment_reported_at": None,
        "paid_at": None,
        "reconciled_total": None,  # no charge line of the operator's file carries its number
        "reconciliation": "none",
        "difference": None,
    }


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"amount": "-1"}, "amount"),
        ({"amount": "1.005"}, "amount"),
        ({"due_date": "15/04/2026"}, "due_date"),
        ({"partner": 999999}, "partner"),
    ],
)
def test_bad_statements_are_refused(api, operator_user, partner, changes, field):
    body = {
        "partner": partner.id,
        "number": "ST-1",
        "amount": "10.00",
        "due_date": "2026-04-15",
        **changes,
    }
    response = api(operator_user).post(URL, body, format="json")
    assert response.status_code == 400 and field in response.json()


def test_partners_neither_issue_nor_confirm_statements(api, admin_user, partner, statement):
    client = api(admin_user)
    body = {"partner": partner.id, "number": "ST-9", "amount": "10.00", "due_date": "2026-04-15"}
    assert client.post(URL, body, format="json").status_code == 403
    assert client.post(f"{URL}{statement.id}/confirm/", {}, format="json").status_code == 403
    assert (
        client.patch(f"{URL}{statement.id}/", {"amount": "1.00"}, format="json").status_code == 403
    )
    assert client.delete(f"{URL}{statement.id}/").status_code == 403


def test_a_partner_sees_only_its_own_statements(api, agent_user, statement, other_partner):
    theirs = StatementFactory(partner=other_partner)
    client = api(agent_user)
    assert [row["id"] for row in client.get(URL).json()["results"]] == [statement.id]
    assert client.get(f"{URL}{theirs.id}/").status_code == 404
    assert (
        client.post(f"{URL}{theirs.id}/pay/", {"reference": "x"}, format="json").status_code == 404
    )
    assert client.get(URL, {"partner": other_partner.id}).json()["count"] == 0


def test_the_partner_reports_payment_and_the_operator_confirms_it(
    api, agent_user, operator_user, statement
):
    reported = api(agent_user).post(
        f"{URL}{statement.id}/pay/", {"reference": "BOC-2026-0042"}, format="json"
    )
    assert reported.status_code == 200
    assert (reported.json()["status"], reported.json()["payment_reference"]) == (
        "open",
        "BOC-2026-0042",
    )
    assert reported.json()["payment_reported_at"]
    confirmed = api(operator_user).post(f"{URL}{statement.id}/confirm/", {}, format="json")
    assert confirmed.json()["status"] == "paid" and confirmed.json()["paid_at"]
    again = api(agent_user).post(f"{URL}{statement.id}/pay/", {"reference": "again"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    actions = list(
        Event.objects.filter(object_type="statement", object_id=statement.id).values_list(
            "action", flat=True
        )
    )
    assert actions == ["payment_reported", "paid"]


def test_a_payment_report_needs_a_reference(api, agent_user, statement):
    response = api(agent_user).post(f"{URL}{statement.id}/pay/", {"reference": ""}, format="json")
    assert response.status_code == 400 and "reference" in response.json()


def test_the_operator_reads_every_partners_statements_but_does_not_report_payments(
    api, operator_user, statement, other_partner
):
    StatementFactory(partner=other_partner)
    client = api(operator_user)
    assert client.get(URL).json()["count"] == 2
    assert (
        client.post(f"{URL}{statement.id}/pay/", {"reference": "x"}, format="json").status_code
        == 403
    )


def test_a_reported_statement_can_no_longer_be_corrected_or_deleted(
    api, agent_user, operator_user, statement
):
    api(agent_user).post(f"{URL}{statement.id}/pay/", {"reference": "wire"}, format="json")
    client = api(operator_user)
    assert (
        client.patch(f"{URL}{statement.id}/", {"amount": "1.00"}, format="json").status_code == 409
    )
    assert client.delete(f"{URL}{statement.id}/").status_code == 409
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_the_operator_corrects_and_deletes_an_unreported_statement(api, operator_user, statement):
    client = api(operator_user)
    assert (
        client.patch(f"{URL}{statement.id}/", {"amount": "4200.00"}, format="json").json()["amount"]
        == "4200.00"
    )
    assert client.delete(f"{URL}{statement.id}/").status_code == 204
    assert not Statement.objects.filter(pk=statement.pk).exists()
