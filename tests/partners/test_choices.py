"""A partner's members and customers as form choices: read once, cached per partner, and read
again as soon as one of them changes (the cache never shows a stale name)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.actors import actor_for
from partners.choices import partner_choices
from partners.models import Customer, Membership
from tests.support.factories import CustomerFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def read(user):
    """The choices and how many queries they cost (the role already known)."""
    actor = actor_for(user)
    with CaptureQueriesContext(connection) as ctx:
        found = partner_choices(actor=actor)
    return found, len(ctx.captured_queries)


def test_the_choices_are_read_once_then_come_from_the_cache(agent_user, partner, other_partner):
    CustomerFactory(partner=partner, name="Zeta")
    CustomerFactory(partner=partner, name="Alpha")
    CustomerFactory(partner=other_partner, name="Theirs")
    first, queries = read(agent_user)
    assert queries == 2
    assert [name for _, name in first["customers"]] == ["Alpha", "Zeta"]
    assert agent_user.pk in {pk for pk, _ in first["members"]}
    again, queries = read(agent_user)
    assert again == first and queries == 0


@pytest.mark.parametrize(
    "change",
    [
        lambda partner, user: CustomerFactory(partner=partner, name="New Co"),
        lambda partner, user: Customer.objects.filter(partner=partner).first().delete(),
        lambda partner, user: MembershipFactory(partner=partner),
        lambda partner, user: Membership.objects.get(user=user).delete(),
    ],
    ids=["customer added", "customer removed", "member added", "member removed"],
)
def test_a_change_to_a_customer_or_a_membership_is_seen_at_once(
    agent_user, admin_user, partner, change
):
    CustomerFactory(partner=partner)
    before, _ = read(admin_user)
    change(partner, agent_user)
    after, queries = read(admin_user)
    assert queries == 2 and after != before


def test_a_renamed_customer_and_a_renamed_member_are_seen_at_once(agent_user, partner):
    customer = CustomerFactory(partner=partner, name="Old Name")
    read(agent_user)
    customer.name = "New Name"
    customer.save()
    assert [name for _, name in read(agent_user)[0]["customers"]] == ["New Name"]
    agent_user.first_name, agent_user.last_name = "Mei", "Lin"
    agent_user.save()
    assert (agent_user.pk, "Mei Lin") in read(agent_user)[0]["members"]


def test_a_sign_in_stamp_keeps_the_cache(agent_user, partner):
    read(agent_user)
    agent_user.save(update_fields=["last_login"])
    assert read(agent_user)[1] == 0


def test_another_partners_change_keeps_this_partners_cache(agent_user, other_partner):
    read(agent_user)
    CustomerFactory(partner=other_partner)
    assert read(agent_user)[1] == 0


def test_operator_staff_get_no_choices_at_all(operator_user, partner):
    CustomerFactory(partner=partner)
    assert read(operator_user) == ({"members": [], "customers": []}, 0)
