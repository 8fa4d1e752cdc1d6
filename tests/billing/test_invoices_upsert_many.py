"""invoices_upsert_many keeps invoice_create's rules: the same invoices (open, into dunning), the
same audit rows, the same refusals for the same rows, credit used as invoice_create uses it; a
number met again is unchanged or refused, never changed; a refused row writes nothing of the
batch; its queries do not grow with the batch."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from billing.models import Invoice
from billing.services import credit_note_grant, invoice_create, invoices_upsert_many
from partners.models import Event
from partners.services import RowsRefused
from tests.support.factories import CustomerFactory, SubscriptionFactory
from tests.support.refusals import refusal

pytestmark = pytest.mark.django_db

ISSUED = date(2026, 3, 1)


@pytest.fixture
def customer(partner):
    return CustomerFactory(partner=partner, external_id="C-1")


def _row(customer, **values):
    return {
        "customer": customer,
        "number": "INV-1",
        "amount": Decimal("120.50"),
        "currency": "CNY",
        "issue_date": ISSUED,
        "due_date": ISSUED + timedelta(days=30),
        **values,
    }


INVALID = {
    "due before issue": {"due_date": ISSUED - timedelta(days=1)},
    "dates out of range": {"issue_date": date(1999, 12, 31), "due_date": date(2101, 1, 1)},
    "a zero amount": {"amount": Decimal("0")},
    "too many digits": {"amount": Decimal("123456789012345.123")},
    "a bad currency": {"currency": "C1"},
    "a number too long": {"number": "N" * 41},
    "no number": {"number": ""},
    "several at once": {"amount": Decimal("-1"), "currency": "XXXX", "number": ""},
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_it_refuses_what_invoice_create_refuses_with_the_same_messages(
    case, customer, admin_user, actor
):
    row = _row(customer, **INVALID[case])
    single = refusal(lambda: invoice_create(actor=actor(admin_user), **row))
    batch = refusal(lambda: invoices_upsert_many(actor=actor(admin_user), rows=[row]))
    assert batch == single
    assert not Invoice.objects.exists()
    assert not Event.objects.exists()


def test_another_customers_subscription_is_refused_alike(partner, customer, admin_user, actor):
    theirs = SubscriptionFactory(customer=CustomerFactory(partner=partner))
    row = _row(customer, subscription=theirs)
    single = refusal(lambda: invoice_create(actor=actor(admin_user), **row))
    batch = refusal(lambda: invoices_upsert_many(actor=actor(admin_user), rows=[row]))
    assert batch == single == {"subscription": ["This subscription belongs to another customer."]}


def test_an_agent_may_not_and_another_partners_customer_is_refused(
    customer, agent_user, other_admin_user, actor
):
    for user in (agent_user, other_admin_user):
        row = _row(customer)
        single = refusal(lambda: invoice_create(actor=actor(user), **row))  # noqa: B023
        batch = refusal(lambda: invoices_upsert_many(actor=actor(user), rows=[row]))  # noqa: B023
        assert batch == single and "403" in single
    assert not Invoice.objects.exists()


def _record(invoice: Invoice) -> dict:
    skip = {"id", "number", "created_at"}
    return {
        f.attname: getattr(invoice, f.attname) for f in Invoice._meta.fields if f.name not in skip
    }


def test_it_creates_what_invoice_create_creates(partner, customer, admin_user, actor):
    subscription = SubscriptionFactory(customer=customer)
    single = invoice_create(actor=actor(admin_user), **_row(customer, subscription=subscription))
    rows = [_row(customer, number="INV-2", subscription=subscription)]
    assert invoices_upsert_many(actor=actor(admin_user), rows=rows) == ["created"]
    batch = Invoice.objects.get(number="INV-2")
    assert _record(batch) == _record(Invoice.objects.get(pk=single.pk))
    assert (batch.status, batch.dunning_next_on, batch.dunning_done) == ("open", None, False)
    events = {
        e.object_id: (e.action, e.to_state, e.actor, e.partner_id, e.data)
        for e in Event.objects.filter(object_type="invoice")
    }
    assert events[batch.pk] == events[single.pk] == ("created", "open", admin_user, partner.pk, {})


def test_a_number_met_again_is_unchanged_or_refused_never_changed(customer, admin_user, actor):
    invoice_create(actor=actor(admin_user), **_row(customer))
    events = Event.objects.count()
    assert invoices_upsert_many(actor=actor(admin_user), rows=[_row(customer)]) == ["unchanged"]
    assert Event.objects.count() == events
    with pytest.raises(RowsRefused) as info:
        invoices_upsert_many(actor=actor(admin_user), rows=[_row(customer, amount=Decimal("1"))])
    assert list(info.value.rows[0].message_dict) == ["number"]
    assert Invoice.objects.get().amount == Decimal("120.50")
    taken = refusal(lambda: invoice_create(actor=actor(admin_user), **_row(customer)))
    twice = [_row(customer, number="INV-9"), _row(customer, number="INV-9")]
    with pytest.raises(RowsRefused) as info:
        invoices_upsert_many(actor=actor(admin_user), rows=twice)
    assert list(info.value.rows) == [1]
    assert info.value.rows[1].message_dict == taken  # the same refusal as invoice_create's


def test_one_refused_row_writes_nothing(customer, admin_user, actor):
    rows = [_row(customer), _row(customer, number="INV-2", amount=Decimal("0"))]
    with pytest.raises(RowsRefused) as info:
        invoices_upsert_many(actor=actor(admin_user), rows=rows)
    assert list(info.value.rows) == [1]
    assert not Invoice.objects.exists()
    assert not Event.objects.exists()


def test_a_customers_credit_is_used_as_invoice_create_uses_it(
    partner, admin_user, operator_user, actor
):
    customers = [CustomerFactory(partner=partner) for _n in range(2)]
    for each in customers:
        credit_note_grant(
            actor=actor(operator_user), customer=each, amount=Decimal("50.00"), reason="Goodwill"
        )
        each.refresh_from_db()
    invoice_create(actor=actor(admin_user), **_row(customers[0]))
    invoices_upsert_many(actor=actor(admin_user), rows=[_row(customers[1], number="INV-2")])
    single, batch = Invoice.objects.get(number="INV-1"), Invoice.objects.get(number="INV-2")
    assert single.amount_credited == batch.amount_credited == Decimal("50.00")
    for each in customers:
        each.refresh_from_db()
        assert each.credit_balance == Decimal("0")


def _queries(admin_user, actor, rows) -> int:
    with CaptureQueriesContext(connection) as ctx:
        invoices_upsert_many(actor=actor(admin_user), rows=rows)
    return len(ctx.captured_queries)


def test_its_queries_do_not_grow_with_the_batch(partner, admin_user, actor):
    customers = [CustomerFactory(partner=partner) for _n in range(3)]
    invoice_create(actor=actor(admin_user), **_row(customers[0], number="OLD-1"))

    def batch(size, prefix):
        return [_row(customers[0], number="OLD-1")] + [
            _row(customers[n % 3], number=f"{prefix}-{n}") for n in range(size)
        ]

    small, large = (
        _queries(admin_user, actor, batch(3, "A")),
        _queries(admin_user, actor, batch(40, "B")),
    )
    assert small == large
    # its savepoint, the numbers' lookup, the INSERT (in the key's savepoint), the audit rows
    assert large <= 7
