"""GET /api/statements/ and /api/statements/{id}/: each statement against the operator's charge
lines of its number (reconciled_total, reconciliation, difference), for the partner and the
operator alike, never with another partner's lines."""

from decimal import Decimal

import pytest

from billing.services import recon_lines_apply
from tests.support.factories import PartnerFactory, StatementFactory
from tests.support.querycount import assert_constant_in_page_size
from tests.support.recon import FIXTURE_TOTAL, INVOICE, fixture_lines

pytestmark = pytest.mark.django_db

URL = "/api/statements/"


@pytest.fixture
def imported(partner, admin_user, actor):
    recon_lines_apply(actor=actor(admin_user), partner=partner, lines=fixture_lines())


def fields(body: dict) -> tuple:
    return body["reconciled_total"], body["reconciliation"], body["difference"]


def test_a_statement_its_lines_add_up_to_is_matched(api, agent_user, partner, imported):
    statement = StatementFactory(partner=partner, number=INVOICE, amount=FIXTURE_TOTAL)
    body = api(agent_user).get(f"{URL}{statement.pk}/").json()
    assert fields(body) == ("7772.76", "matched", "0.00")


def test_a_statement_of_another_amount_differs_by_the_difference(
    api, operator_user, partner, imported
):
    statement = StatementFactory(partner=partner, number=INVOICE, amount=Decimal("7700.00"))
    body = api(operator_user).get(f"{URL}{statement.pk}/").json()
    assert fields(body) == ("7772.76", "differs", "72.76")


def test_a_statement_without_lines_is_none(api, agent_user, partner, imported):
    statement = StatementFactory(partner=partner, number="G000999999")
    assert fields(api(agent_user).get(f"{URL}{statement.pk}/").json()) == (None, "none", None)


def test_the_list_carries_them_too(api, agent_user, partner, imported):
    StatementFactory(partner=partner, number=INVOICE, amount=FIXTURE_TOTAL)
    StatementFactory(partner=partner, number="G000999999")
    rows = {row["number"]: fields(row) for row in api(agent_user).get(URL).json()["results"]}
    assert rows == {INVOICE: ("7772.76", "matched", "0.00"), "G000999999": (None, "none", None)}


def test_another_partner_s_lines_never_reach_a_statement(api, operator_user, imported):
    theirs = StatementFactory(partner=PartnerFactory(), number=INVOICE, amount=FIXTURE_TOTAL)
    assert fields(api(operator_user).get(f"{URL}{theirs.pk}/").json()) == (None, "none", None)


def test_a_new_statement_is_reconciled_at_once(api, operator_user, partner, imported):
    body = (
        api(operator_user)
        .post(
            URL,
            {
                "partner": partner.pk,
                "number": INVOICE,
                "amount": "7772.76",
                "due_date": "2026-12-20",
            },
            format="json",
        )
        .json()
    )
    assert fields(body) == ("7772.76", "matched", "0.00")


def test_the_list_s_queries_do_not_grow_with_its_rows(
    api, operator_user, partner, admin_user, actor
):
    recon_lines_apply(actor=actor(admin_user), partner=partner, lines=fixture_lines())
    for n in range(110):
        StatementFactory(partner=partner, number=INVOICE if n == 0 else f"G{n:09d}")
    assert assert_constant_in_page_size(api(operator_user), URL, 110) <= 3


def test_the_schema_names_the_new_fields(api, operator_user):
    schema = api(operator_user).get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    properties = components["StatementOutput"]["properties"]
    enum = {"$ref": "#/components/schemas/ReconciliationEnum"}
    assert properties["reconciliation"]["allOf"] == [enum]
    assert components["ReconciliationEnum"]["enum"] == ["none", "matched", "differs"]
    assert properties["reconciled_total"]["nullable"] is True
    assert properties["difference"]["nullable"] is True
