"""A customer's external id: free to set, unique per partner, a field error when taken."""

import pytest
from django.core.exceptions import ValidationError

from partners.services import customer_create, customer_update
from tests.support.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def test_it_creates_a_customer_with_an_external_id_and_domain(admin_user, actor):
    customer = customer_create(
        actor=actor(admin_user),
        name="Contoso",
        email="ap@contoso.example",
        external_id="0f8e-guid",
        domain="contoso.partner.onmschina.cn",
    )
    assert (customer.external_id, customer.domain) == ("0f8e-guid", "contoso.partner.onmschina.cn")


def test_it_refuses_a_taken_external_id(partner, admin_user, actor):
    CustomerFactory(partner=partner, external_id="K-1")
    with pytest.raises(ValidationError) as info:
        customer_create(actor=actor(admin_user), name="B", email="b@b.example", external_id="K-1")
    assert "external_id" in info.value.message_dict


def test_many_customers_may_have_no_external_id(partner, admin_user, actor):
    CustomerFactory(partner=partner, external_id="")
    customer = customer_create(actor=actor(admin_user), name="B", email="b@b.example")
    assert customer.external_id == ""


def test_another_partners_key_is_free(other_partner, admin_user, actor):
    CustomerFactory(partner=other_partner, external_id="K-1")
    customer = customer_create(
        actor=actor(admin_user), name="B", email="b@b.example", external_id="K-1"
    )
    assert customer.external_id == "K-1"


def test_an_update_to_a_taken_external_id_is_refused(partner, admin_user, actor):
    CustomerFactory(partner=partner, external_id="K-1")
    customer = CustomerFactory(partner=partner)
    with pytest.raises(ValidationError) as info:
        customer_update(actor=actor(admin_user), customer=customer, external_id="K-1")
    assert "external_id" in info.value.message_dict
