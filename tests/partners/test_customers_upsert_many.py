"""customers_upsert_many keeps customer_create's and customer_update's rules: the same records,
the same audit rows, the same refusals for the same rows; a refused row writes nothing of the
batch; its queries do not grow with the batch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Customer, Event
from partners.services import RowsRefused, customer_create, customer_update, customers_upsert_many
from tests.support.factories import CustomerFactory
from tests.support.refusals import refusal

pytestmark = pytest.mark.django_db

GOOD = {"external_id": "K-1", "name": "Contoso", "email": "ap@contoso.example", "language": "fr"}
INVALID = {
    "no name": {**GOOD, "name": ""},
    "a name too long": {**GOOD, "name": "x" * 201},
    "a bad address": {**GOOD, "email": "not-an-address"},
    "an unknown language": {**GOOD, "language": "xx"},
    "a domain too long": {**GOOD, "domain": "d" * 254},
    "several at once": {**GOOD, "name": "", "email": "nope", "language": "xx"},
}


def _record(customer: Customer) -> dict:
    names = ("name", "email", "language", "collections_exempt", "external_id", "domain")
    return {name: getattr(customer, name) for name in names}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_it_refuses_what_customer_create_refuses_with_the_same_messages(case, admin_user, actor):
    row = INVALID[case]
    single = refusal(lambda: customer_create(actor=actor(admin_user), **row))
    batch = refusal(lambda: customers_upsert_many(actor=actor(admin_user), rows=[row]))
    assert batch == single
    assert not Customer.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.parametrize("case", ["a bad address", "an unknown language", "no name"])
def test_it_refuses_what_customer_update_refuses_with_the_same_messages(
    case, partner, admin_user, actor
):
    customer = CustomerFactory(partner=partner, **GOOD)
    row = INVALID[case]
    changes = {name: value for name, value in row.items() if getattr(customer, name) != value}
    single = refusal(lambda: customer_update(actor=actor(admin_user), customer=customer, **changes))
    customer.refresh_from_db()
    batch = refusal(lambda: customers_upsert_many(actor=actor(admin_user), rows=[row]))
    assert batch == single
    customer.refresh_from_db()
    assert {name: getattr(customer, name) for name in GOOD} == GOOD  # nothing written


def test_an_agent_may_not_exempt_either_way(partner, agent_user, actor):
    row = {**GOOD, "collections_exempt": True}
    single = refusal(lambda: customer_create(actor=actor(agent_user), **row))
    batch = refusal(lambda: customers_upsert_many(actor=actor(agent_user), rows=[row]))
    assert batch == single and "403" in single
    CustomerFactory(partner=partner, **GOOD)
    single = refusal(
        lambda: customer_update(
            actor=actor(agent_user), customer=Customer.objects.get(), collections_exempt=True
        )
    )
    batch = refusal(lambda: customers_upsert_many(actor=actor(agent_user), rows=[row]))
    assert batch == single and "403" in single


def test_it_creates_what_customer_create_creates(
    partner, other_partner, admin_user, other_admin_user, actor
):
    other_admin = other_admin_user
    rows = [
        GOOD,
        {"external_id": "K-2", "name": "Fabrikam", "email": "", "collections_exempt": True},
    ]
    for row in rows:
        customer_create(actor=actor(admin_user), **row)
    outcomes = customers_upsert_many(actor=actor(other_admin), rows=rows)
    assert outcomes == ["created", "created"]
    by_single = [_record(c) for c in Customer.objects.filter(partner=partner).order_by("id")]
    by_batch = [_record(c) for c in Customer.objects.filter(partner=other_partner).order_by("id")]
    assert by_batch == by_single
    assert by_batch[1]["language"] == other_partner.default_language
    for customer in Customer.objects.filter(partner=other_partner):
        event = Event.objects.get(object_type="customer", object_id=customer.pk)
        assert (event.action, event.actor, event.partner_id, event.data) == (
            "created",
            other_admin,
            other_partner.pk,
            {},
        )


def test_it_updates_only_what_differs_and_leaves_the_same_untouched(partner, admin_user, actor):
    changed = CustomerFactory(partner=partner, external_id="K-1", name="Old", email="a@x.example")
    same = CustomerFactory(partner=partner, external_id="K-2", name="Same", email="b@x.example")
    rows = [
        {"external_id": "K-1", "name": "New", "email": "a@x.example"},
        {"external_id": "K-2", "name": "Same", "email": "b@x.example"},
    ]
    assert customers_upsert_many(actor=actor(admin_user), rows=rows) == ["updated", "unchanged"]
    changed.refresh_from_db()
    assert changed.name == "New"
    assert [(e.object_id, e.action, e.data) for e in Event.objects.all()] == [
        (changed.pk, "updated", {"fields": ["name"]})
    ]
    single = customer_update(actor=actor(admin_user), customer=same, name="Renamed")
    assert Event.objects.filter(object_id=single.pk).get().data == {"fields": ["name"]}


def test_one_refused_row_writes_nothing_and_every_refused_row_is_listed(admin_user, actor):
    rows = [GOOD, {**GOOD, "external_id": "K-2", "name": ""}, {**GOOD, "external_id": "K-3"}, GOOD]
    with pytest.raises(RowsRefused) as info:
        customers_upsert_many(actor=actor(admin_user), rows=rows)
    assert sorted(info.value.rows) == [1, 3]
    assert list(info.value.rows[1].message_dict) == ["name"]
    assert info.value.rows[3].message_dict == {
        "external_id": ["A customer with this external id already exists."]
    }
    assert not Customer.objects.exists()
    assert not Event.objects.exists()


def test_another_partners_key_is_a_new_customer_of_ones_own(
    partner, other_partner, admin_user, actor
):
    theirs = CustomerFactory(partner=other_partner, external_id="K-1", name="Theirs")
    assert customers_upsert_many(actor=actor(admin_user), rows=[GOOD]) == ["created"]
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"
    assert Customer.objects.get(external_id="K-1", partner=partner).name == "Contoso"


def _queries(admin_user, actor, rows) -> int:
    customer_actor = actor(admin_user)
    customer_actor.partner  # noqa: B018 - the actor's partner, read once per job, not per batch
    with CaptureQueriesContext(connection) as ctx:
        customers_upsert_many(actor=customer_actor, rows=rows)
    return len(ctx.captured_queries)


def test_its_queries_do_not_grow_with_the_batch(partner, admin_user, actor):
    for n in range(60):
        CustomerFactory(partner=partner, external_id=f"OLD-{n}", name=f"Old {n}")

    def batch(size, start):
        new = [
            {"external_id": f"NEW-{n}", "name": f"New {n}", "email": f"n{n}@x.example"}
            for n in range(start, start + size)
        ]
        changed = [
            {"external_id": f"OLD-{n}", "name": f"Renamed {n}", "email": ""}
            for n in range(start, start + size)
        ]
        return new + changed

    small = _queries(admin_user, actor, batch(3, 0))
    large = _queries(admin_user, actor, batch(30, 10))
    assert small == large
    # its savepoint, the lookup, the INSERT (in the key's savepoint), the UPDATE, the audit rows
    assert large <= 9
