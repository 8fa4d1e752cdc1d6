"""/api/exposure/: per customer, for one month, what the operator billed the partner (the charge
lines of its reconciliation file) beside what the partner invoiced the customer."""

from datetime import date
from decimal import Decimal

import pytest

from billing.services import recon_lines_apply
from partners.models import Customer
from tests.support.factories import InvoiceFactory, PartnerFactory, StatementFactory
from tests.support.recon import CONTOSO, FABRIKAM, FIXTURE_TOTAL, INVOICE, fixture_lines

pytestmark = pytest.mark.django_db

URL = "/api/exposure/"


@pytest.fixture
def imported(partner, admin_user, actor):
    recon_lines_apply(actor=actor(admin_user), partner=partner, lines=fixture_lines())
    return {c.external_id: c for c in Customer.objects.filter(partner=partner)}


def test_it_shows_billed_beside_invoiced_per_customer(api, agent_user, partner, imported):
    contoso = imported[CONTOSO]
    InvoiceFactory(
        customer=contoso,
        amount=Decimal("7000.00"),
        issue_date=date(2026, 11, 30),
        due_date=date(2026, 12, 30),
    )
    InvoiceFactory(  # another month: not in November's figures
        customer=contoso,
        amount=Decimal("1.00"),
        issue_date=date(2026, 10, 31),
        due_date=date(2026, 11, 30),
    )
    body = api(agent_user).get(URL, {"period": "2026-11"}).json()
    assert body["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    rows = {row["customer_name"]: row for row in body["customers"]}
    assert rows["Contoso China Ltd"] == {
        "customer": contoso.pk,
        "customer_name": "Contoso China Ltd",
        "currency": "CNY",
        "billed": "6030.00",
        "invoiced": "7000.00",
        "margin": "970.00",
    }
    fabrikam = rows["Fabrikam Trading Co"]  # a credit among its lines; nothing invoiced yet
    assert (fabrikam["billed"], fabrikam["invoiced"], fabrikam["margin"]) == (
        "1687.20",
        None,
        "-1687.20",
    )
    assert imported[FABRIKAM].pk == fabrikam["customer"]


def test_without_a_period_it_shows_the_latest_billed_month(api, agent_user, imported):
    body = api(agent_user).get(URL).json()
    assert body["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert len(body["customers"]) == 3


def test_another_month_has_nothing(api, agent_user, imported):
    assert api(agent_user).get(URL, {"period": "2026-12"}).json()["customers"] == []


def test_a_bad_period_is_a_400(api, agent_user):
    response = api(agent_user).get(URL, {"period": "November"})
    assert response.status_code == 400 and "period" in response.json()


def test_another_partner_sees_none_of_it(api, other_agent_user, imported):
    assert api(other_agent_user).get(URL, {"period": "2026-11"}).json()["customers"] == []


def test_open_statements_carry_their_reconciliation(api, agent_user, partner, imported):
    StatementFactory(partner=partner, number=INVOICE, amount=FIXTURE_TOTAL)
    (statement,) = api(agent_user).get(URL).json()["open_statements"]
    assert (statement["reconciliation"], statement["reconciled_total"]) == ("matched", "7772.76")


def test_its_queries_do_not_grow_with_customers(
    api, agent_user, partner, imported, django_assert_max_num_queries
):
    client = api(agent_user)
    client.get(URL)
    with django_assert_max_num_queries(12) as captured:
        client.get(URL)
    before = len(captured)
    other = PartnerFactory()
    for _n in range(5):
        InvoiceFactory(
            customer__partner=partner,
            partner=partner,
            issue_date=date(2026, 11, 2),
            due_date=date(2026, 12, 2),
        )
        InvoiceFactory(customer__partner=other, partner=other)
    with django_assert_max_num_queries(before):
        client.get(URL)
