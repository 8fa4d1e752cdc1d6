"""Statement pages (portal and console) show each statement against the operator's charge lines of
its number; the exposure page shows, per customer and month, what the operator billed beside what
the partner invoiced."""

from datetime import date
from decimal import Decimal

import pytest

from billing.services import recon_lines_apply
from partners.models import Customer
from tests.support.factories import InvoiceFactory, StatementFactory
from tests.support.recon import CONTOSO, FIXTURE_TOTAL, INVOICE, fixture_lines, line
from tests.support.web import assert_same, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(partner, admin_user, actor):
    recon_lines_apply(actor=actor(admin_user), partner=partner, lines=fixture_lines())


def test_the_partner_s_statement_page_shows_a_match(agent_user, partner, imported):
    statement = StatementFactory(partner=partner, number=INVOICE, amount=FIXTURE_TOTAL)
    page = signed_in(agent_user).get(f"/statements/{statement.pk}/").content.decode()
    assert 'data-reconciliation="matched"' in page
    assert "7,772.76" in page.split("data-reconciled-total")[1]


def test_the_partner_s_list_shows_a_difference(agent_user, partner, imported):
    StatementFactory(partner=partner, number=INVOICE, amount=Decimal("7800.00"))
    StatementFactory(partner=partner, number="G000999999")
    page = signed_in(agent_user).get("/statements/").content.decode()
    assert 'data-reconciliation="differs"' in page and "-27.24" in page
    assert 'data-reconciliation="none"' in page


def test_the_console_shows_it_too(operator_user, partner, imported):
    statement = StatementFactory(partner=partner, number=INVOICE, amount=Decimal("7800.00"))
    client = signed_in(operator_user)
    assert 'data-reconciliation="differs"' in client.get("/ops/statements/").content.decode()
    detail = client.get(f"/ops/statements/{statement.pk}/").content.decode()
    assert "data-difference" in detail and "-27.24" in detail


def test_the_exposure_page_sets_billed_beside_invoiced(agent_user, partner, imported):
    contoso = Customer.objects.get(partner=partner, external_id=CONTOSO)
    InvoiceFactory(
        customer=contoso,
        amount=Decimal("7000.00"),
        issue_date=date(2026, 11, 30),
        due_date=date(2026, 12, 30),
    )
    page = signed_in(agent_user).get("/exposure/").content.decode()
    table = page.split("data-customer-billing")[1].split("</table>")[0]
    assert "Contoso China Ltd" in table and "Northwind Logistics" in table
    assert "6,030.00" in table and "7,000.00" in table and "970.00" in table
    assert 'value="2026-11"' in page  # the month shown: the latest the operator billed


def test_another_month_shows_the_empty_state(agent_user, imported):
    page = signed_in(agent_user).get("/exposure/", {"period": "2026-12"}).content.decode()
    assert "data-customer-billing" not in page
    assert "Nothing billed or invoiced that month" in page


def test_a_month_that_does_not_parse_falls_back_to_the_latest(agent_user, imported):
    page = signed_in(agent_user).get("/exposure/", {"period": "soon"})
    assert page.status_code == 200 and b"data-customer-billing" in page.content


def test_the_pages_queries_do_not_grow(agent_user, operator_user, partner, admin_user, actor):
    recon_lines_apply(actor=actor(admin_user), partner=partner, lines=fixture_lines())
    StatementFactory(partner=partner, number=INVOICE)

    rounds = iter(range(1, 10))

    def grow():
        batch = next(rounds)
        numbers = [f"G{batch}{n:08d}" for n in range(10)]
        for number in numbers:
            StatementFactory(partner=partner, number=number)
        lines = [
            line(InvoiceNumber=number, CustomerId=number, SubscriptionId=f"S-{number}")
            for number in numbers
        ]
        recon_lines_apply(actor=actor(admin_user), partner=partner, lines=lines)

    client = signed_in(agent_user)
    assert_same(client, "/statements/", grow)
    assert_same(client, "/exposure/", grow)
    assert_same(signed_in(operator_user), "/ops/statements/", grow)
