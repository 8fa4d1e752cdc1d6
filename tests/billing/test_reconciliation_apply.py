"""recon_lines_apply: the operator's file makes customers, subscriptions and charge lines, the same
file twice changes nothing, and each invoice is checked against the statement of its number."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from billing.models import ChargeLine, Subscription
from billing.services import ReconCounts, recon_lines_apply
from core.actors import SYSTEM
from core.errors import NotAllowed
from partners.models import Customer, Event
from tests.support.factories import CustomerFactory, StatementFactory, SubscriptionFactory
from tests.support.recon import (
    BASIC,
    CONTOSO,
    E3,
    FABRIKAM,
    FIXTURE_TOTAL,
    INVOICE,
    NORTHWIND,
    fixture_lines,
    line,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def apply(partner, admin_user, actor):
    def run(lines=None, **kwargs):
        lines = fixture_lines() if lines is None else lines
        return recon_lines_apply(actor=actor(admin_user), partner=partner, lines=lines, **kwargs)

    return run


def test_it_creates_the_customers_subscriptions_and_charge_lines(partner, apply):
    counts = apply()
    assert (counts.created, counts.updated, counts.unchanged) == (6, 0, 0)
    assert (counts.customers_created, counts.subscriptions_created) == (3, 5)
    customers = {c.external_id: c for c in Customer.objects.filter(partner=partner)}
    assert set(customers) == {CONTOSO, FABRIKAM, NORTHWIND}
    contoso = customers[CONTOSO]
    assert (contoso.name, contoso.domain, contoso.email) == (
        "Contoso China Ltd",
        "contoso-cn.partner.onmschina.cn",
        "",
    )
    assert contoso.language == partner.default_language
    assert ChargeLine.objects.filter(partner=partner).count() == 6


def test_the_subscriptions_take_offer_and_quantity_from_their_lines(partner, apply):
    apply()
    subs = {s.external_id: s for s in Subscription.objects.filter(partner=partner)}
    e3 = subs[E3]
    assert (e3.offer, e3.quantity, e3.status, e3.customer.external_id) == (
        "Microsoft 365 E3",
        25,
        "active",
        CONTOSO,
    )
    basic = subs[BASIC]  # no SubscriptionDescription: the SKU's name; the credit sets no quantity
    assert (basic.offer, basic.quantity) == ("Microsoft 365 Business Basic", 2)


def test_a_charge_line_keeps_what_the_operator_billed(partner, apply):
    apply()
    credit = ChargeLine.objects.get(partner=partner, charge_type="Cancel")
    assert credit.total == Decimal("-64.80")
    assert (credit.customer.external_id, credit.subscription.external_id) == (FABRIKAM, BASIC)
    assert credit.invoice_number == INVOICE and credit.currency == "CNY"


def test_the_same_lines_again_change_nothing(partner, apply):
    apply()
    events = Event.objects.count()
    counts = apply()
    assert (counts.created, counts.updated, counts.unchanged, counts.removed) == (0, 0, 6, 0)
    assert (counts.customers_created, counts.customers_updated) == (0, 0)
    assert Event.objects.count() == events
    assert ChargeLine.objects.filter(partner=partner).count() == 6


def test_a_new_name_updates_the_customer_and_counts_its_lines(partner, apply):
    apply()
    renamed = {"CustomerName": "Contoso (China) Limited"}
    counts = apply(fixture_lines(**{"2": renamed, "3": renamed}))
    assert Customer.objects.get(partner=partner, external_id=CONTOSO).name == (
        "Contoso (China) Limited"
    )
    assert (counts.customers_updated, counts.updated, counts.unchanged) == (1, 2, 4)


def test_a_new_quantity_updates_the_subscription_and_its_line(partner, apply):
    apply()
    counts = apply(fixture_lines(**{"2": {"Quantity": "30", "BillableQuantity": "30"}}))
    assert Subscription.objects.get(partner=partner, external_id=E3).quantity == 30
    assert (counts.subscriptions_updated, counts.updated, counts.unchanged) == (1, 1, 5)
    assert ChargeLine.objects.get(partner=partner, subscription__external_id=E3).quantity == 30


def test_it_updates_a_customer_the_partner_already_has(partner, apply):
    mine = CustomerFactory(partner=partner, external_id=CONTOSO, name="Contoso", email="a@b.cn")
    counts = apply()
    mine.refresh_from_db()
    assert (mine.name, mine.email) == ("Contoso China Ltd", "a@b.cn")  # the e-mail stays
    assert (counts.customers_created, counts.customers_updated) == (2, 1)


def test_another_partner_s_customers_are_untouched(partner, other_partner, apply):
    theirs = CustomerFactory(partner=other_partner, external_id=CONTOSO, name="Theirs")
    their_sub = SubscriptionFactory(customer=theirs, external_id=E3, quantity=99)
    apply()
    theirs.refresh_from_db()
    their_sub.refresh_from_db()
    assert (theirs.name, their_sub.quantity) == ("Theirs", 99)
    assert Customer.objects.filter(external_id=CONTOSO).count() == 2
    assert not ChargeLine.objects.filter(partner=other_partner).exists()


def test_another_partner_s_statement_is_never_matched(partner, other_partner, apply):
    theirs = StatementFactory(partner=other_partner, number=INVOICE, amount=FIXTURE_TOTAL)
    counts = apply()
    assert [(i.statement_id, i.reconciliation) for i in counts.invoices] == [(None, "none")]
    assert theirs.pk not in {i.statement_id for i in counts.invoices}


def test_a_dry_run_counts_and_writes_nothing(partner, apply):
    StatementFactory(partner=partner, number=INVOICE, amount=FIXTURE_TOTAL)
    events = Event.objects.count()
    counts = apply(dry_run=True)
    assert (counts.created, counts.customers_created) == (6, 3)
    assert counts.invoices[0].reconciliation == "matched"
    assert not Customer.objects.filter(partner=partner).exists()
    assert not Subscription.objects.filter(partner=partner).exists()
    assert not ChargeLine.objects.exists()
    assert Event.objects.count() == events


def test_a_statement_of_the_same_amount_is_matched(partner, apply):
    statement = StatementFactory(partner=partner, number=INVOICE, amount=FIXTURE_TOTAL)
    (result,) = apply().invoices
    assert (result.statement_id, result.reconciliation, result.difference) == (
        statement.pk,
        "matched",
        Decimal("0.00"),
    )
    assert result.reconciled_total == FIXTURE_TOTAL
    recorded = Event.objects.get(object_type="statement", object_id=statement.pk)
    assert (recorded.action, recorded.data["reconciliation"]) == ("reconciled", "matched")


def test_a_statement_of_another_amount_differs(partner, apply):
    StatementFactory(partner=partner, number=INVOICE, amount=Decimal("7800.00"))
    (result,) = apply().invoices
    assert (result.reconciliation, result.difference) == ("differs", Decimal("-27.24"))


def test_a_statement_in_another_currency_differs(partner, apply):
    StatementFactory(partner=partner, number=INVOICE, amount=FIXTURE_TOTAL, currency="USD")
    (result,) = apply().invoices
    assert result.reconciliation == "differs"


def test_an_invoice_without_a_statement_reconciles_to_none(apply):
    (result,) = apply().invoices
    assert (result.statement_id, result.reconciliation, result.difference) == (None, "none", None)
    assert result.reconciled_total == FIXTURE_TOTAL


def test_a_line_the_file_no_longer_has_is_removed(partner, apply):
    apply()
    counts = apply(fixture_lines()[:-1])
    assert (counts.removed, counts.unchanged) == (1, 5)
    assert ChargeLine.objects.filter(partner=partner).count() == 5


def test_two_lines_alike_are_both_kept(partner, apply):
    counts = apply([line(), line()])
    assert counts.created == 2
    assert apply([line(), line()]).unchanged == 2


def test_it_refuses_a_subscription_of_another_customer(partner, apply):
    SubscriptionFactory(customer=CustomerFactory(partner=partner), external_id=E3)
    with pytest.raises(ValidationError) as info:
        apply()
    assert "Row 2" in info.value.message_dict["SubscriptionId"][0]
    ((row, column, message),) = info.value.rows  # the same, row by row, for the importer
    assert (row, column) == (2, "SubscriptionId") and E3 in message
    assert not ChargeLine.objects.exists()
    assert not Customer.objects.filter(external_id=CONTOSO).exists()  # nothing half-written


def test_it_refuses_a_subscription_under_two_customers_in_the_file(apply):
    lines = fixture_lines(**{"3": {"SubscriptionId": BASIC}})
    with pytest.raises(ValidationError) as info:
        apply(lines)
    assert "SubscriptionId" in info.value.message_dict
    rows = [(row, column) for row, column, _m in info.value.rows]
    assert rows == [(5, "SubscriptionId"), (6, "SubscriptionId")]  # after its first customer


def test_it_refuses_an_agent(partner, agent_user, actor):
    with pytest.raises(NotAllowed):
        recon_lines_apply(actor=actor(agent_user), partner=partner, lines=fixture_lines())


def test_it_refuses_another_partner_s_admin(partner, other_admin_user, actor):
    with pytest.raises(NotAllowed):
        recon_lines_apply(actor=actor(other_admin_user), partner=partner, lines=fixture_lines())


def test_it_refuses_the_system(partner):
    with pytest.raises(NotAllowed):
        recon_lines_apply(actor=SYSTEM, partner=partner, lines=fixture_lines())


def test_nothing_to_apply_is_nothing_done(apply):
    assert apply([]) == ReconCounts()


def test_the_same_file_again_costs_a_handful_of_queries(apply, django_assert_max_num_queries):
    apply()
    with django_assert_max_num_queries(9):  # 5 reads, 4 savepoint statements, no write
        apply()
