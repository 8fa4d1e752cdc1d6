"""Statements and exposure in the partner portal: what the partner owes the operator, reporting its
payment, and its receivables by age beside the open statements."""

from datetime import timedelta
from decimal import Decimal

import pytest

from billing.models import Statement
from tests.support.billing_helpers import invoice_due
from tests.support.billing_pages import today
from tests.support.factories import CustomerFactory, StatementFactory
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(partner):
    return StatementFactory(
        partner=partner,
        number="ST-2026-10",
        amount=Decimal("8800.50"),
        due_date=today() + timedelta(days=10),
    )


def test_a_partner_user_lists_its_statements_and_what_is_open(agent_user, statement, other_partner):
    StatementFactory(partner=other_partner, number="ST-OTHER")
    page = signed_in(agent_user).get("/statements/").content.decode()
    assert "ST-2026-10" in page and "CNY 8,800.50" in page and "ST-OTHER" not in page
    assert "Report payment" in page


def test_an_agent_reports_a_payment_with_its_reference(agent_user, statement):
    client = signed_in(agent_user)
    missing = client.post(f"/statements/{statement.pk}/pay/", {"reference": ""}).content.decode()
    assert "This field is required." in missing
    page = client.post(
        f"/statements/{statement.pk}/pay/", {"reference": "CMB-7781"}, follow=True
    ).content.decode()
    assert "Payment reported for statement ST-2026-10." in page and "CMB-7781" in page
    statement.refresh_from_db()
    assert (
        statement.payment_reference == "CMB-7781" and statement.status == "open"
    )  # until the operator confirms


def test_a_paid_statement_takes_no_report(agent_user, statement, operator_user):
    Statement.objects.filter(pk=statement.pk).update(status="paid")
    page = (
        signed_in(agent_user)
        .post(f"/statements/{statement.pk}/pay/", {"reference": "X"}, follow=True)
        .content.decode()
    )
    assert "Statement ST-2026-10 is already paid." in page


def test_another_partners_statement_is_not_found(other_agent_user, statement):
    client = signed_in(other_agent_user)
    assert client.get(f"/statements/{statement.pk}/").status_code == 404
    assert client.post(f"/statements/{statement.pk}/pay/", {"reference": "X"}).status_code == 404
    statement.refresh_from_db()
    assert statement.payment_reference == ""


def test_the_exposure_page_puts_receivables_by_age_beside_open_statements(
    agent_user, partner, statement
):
    customer = CustomerFactory(partner=partner)
    invoice_due(customer, due=today() - timedelta(days=45), amount=Decimal("300.00"))
    invoice_due(customer, due=today() + timedelta(days=5), amount=Decimal("100.00"))
    invoice_due(
        customer, due=today() - timedelta(days=100), amount=Decimal("50.00"), currency="USD"
    )
    page = signed_in(agent_user).get("/exposure/").content.decode()
    assert "31–60 days past due" in page and "CNY 300.00" in page and "CNY 100.00" in page
    assert "USD 50.00" in page  # never added to the yuan
    assert "ST-2026-10" in page and "CNY 8,800.50" in page
    assert (
        'class="stackbar__seg stackbar__seg--owed" style="width: 100.00%"' in page
    )  # owed is the larger: full scale
    assert 'stackbar__seg--31-60" style="width: 3.41%"' in page  # 300 of 8,800.50


def test_the_exposure_page_says_when_nothing_is_owed(agent_user):
    assert "Nothing owed either way" in signed_in(agent_user).get("/exposure/").content.decode()


def test_operators_do_not_use_the_partner_pages(operator_user, statement):
    client = signed_in(operator_user)
    for path in (
        "/statements/",
        f"/statements/{statement.pk}/",
        "/exposure/",
        "/invoices/",
        "/subscriptions/",
        "/policy/",
    ):
        assert client.get(path).status_code == 403, path
