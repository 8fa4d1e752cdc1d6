"""subscription_create / subscription_update: who may, what is checked, one Event per change."""

import pytest
from django.core.exceptions import ValidationError

from billing.services import subscription_create, subscription_update
from core.actors import SYSTEM
from core.errors import NotAllowed
from partners.models import Event
from tests.support.factories import CustomerFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def test_it_creates_an_active_subscription(partner, admin_user, actor):
    customer = CustomerFactory(partner=partner)
    sub = subscription_create(
        actor=actor(admin_user), customer=customer, offer="M365 E3", quantity=5, external_id="S-1"
    )
    assert (sub.status, sub.quantity, sub.external_id) == ("active", 5, "S-1")
    assert Event.objects.filter(object_type="subscription", object_id=sub.pk).count() == 1


def test_it_refuses_an_agent(partner, agent_user, actor):
    with pytest.raises(NotAllowed):
        subscription_create(
            actor=actor(agent_user), customer=CustomerFactory(partner=partner), offer="X"
        )


def test_it_refuses_another_partners_admin(partner, other_admin_user, actor):
    with pytest.raises(NotAllowed):
        subscription_create(
            actor=actor(other_admin_user), customer=CustomerFactory(partner=partner), offer="X"
        )


def test_it_lets_the_system_create(partner):
    sub = subscription_create(actor=SYSTEM, customer=CustomerFactory(partner=partner), offer="X")
    assert sub.pk


def test_it_refuses_an_external_id_the_partner_already_uses(partner, admin_user, actor):
    SubscriptionFactory(partner=partner, external_id="S-1")
    with pytest.raises(ValidationError) as info:
        subscription_create(
            actor=actor(admin_user),
            customer=CustomerFactory(partner=partner),
            offer="X",
            external_id="S-1",
        )
    assert "external_id" in info.value.message_dict


def test_another_partner_may_use_the_same_external_id(partner, other_partner, admin_user, actor):
    SubscriptionFactory(partner=other_partner, external_id="S-1")
    sub = subscription_create(
        actor=actor(admin_user),
        customer=CustomerFactory(partner=partner),
        offer="X",
        external_id="S-1",
    )
    assert sub.external_id == "S-1"


def test_it_refuses_a_zero_quantity(partner, admin_user, actor):
    with pytest.raises(ValidationError) as info:
        subscription_create(
            actor=actor(admin_user),
            customer=CustomerFactory(partner=partner),
            offer="X",
            quantity=0,
        )
    assert "quantity" in info.value.message_dict


def test_it_updates_offer_and_quantity(partner, admin_user, actor):
    sub = SubscriptionFactory(partner=partner, quantity=1)
    subscription_update(actor=actor(admin_user), subscription=sub, offer="New", quantity=3)
    sub.refresh_from_db()
    assert (sub.offer, sub.quantity) == ("New", 3)
    event = Event.objects.get(object_type="subscription", object_id=sub.pk, action="updated")
    assert event.data == {"fields": ["offer", "quantity"]}


def test_an_update_that_changes_nothing_records_nothing(partner, admin_user, actor):
    sub = SubscriptionFactory(partner=partner, quantity=2)
    subscription_update(actor=actor(admin_user), subscription=sub, quantity=2)
    assert not Event.objects.filter(object_id=sub.pk, action="updated").exists()


def test_it_refuses_to_change_the_status(partner, admin_user, actor):
    sub = SubscriptionFactory(partner=partner)
    with pytest.raises(ValidationError):
        subscription_update(actor=actor(admin_user), subscription=sub, status="cancelled")
