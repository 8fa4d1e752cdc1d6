"""The customer page's e-mail addresses: listed, added and removed through the partners service."""

import pytest

from partners.models import CustomerContact
from tests.support.factories import CustomerFactory
from tests.support.web import assert_same, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(partner):
    return CustomerFactory(partner=partner, email="owner@lantern.example")


def test_an_agent_adds_an_address_on_the_customer_page(agent_user, customer):
    client = signed_in(agent_user)
    response = client.post(
        f"/customers/{customer.pk}/contacts/",
        {"contact-email": "AP@lantern.example", "contact-name": "Accounts payable"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/customers/{customer.pk}/#contacts"
    assert b"ap@lantern.example now speaks for the customer." in response.content
    contact = CustomerContact.objects.get()
    assert (contact.email, contact.name) == ("ap@lantern.example", "Accounts payable")
    assert b'id="contact-%d"' % contact.pk in response.content


def test_a_refused_address_is_shown_beside_the_field(agent_user, customer):
    response = signed_in(agent_user).post(
        f"/customers/{customer.pk}/contacts/", {"contact-email": "owner@lantern.example"}
    )
    assert response.status_code == 200
    assert b"This customer already has this address." in response.content
    assert b'id="id_contact-email_error"' in response.content
    assert not CustomerContact.objects.exists()


def test_an_agent_removes_an_address(agent_user, customer):
    contact = CustomerContact.objects.create(
        partner=customer.partner, customer=customer, email="ap@lantern.example"
    )
    response = signed_in(agent_user).post(
        f"/customers/{customer.pk}/contacts/{contact.pk}/remove/", follow=True
    )
    assert b"ap@lantern.example was removed." in response.content
    assert not CustomerContact.objects.exists()


def test_another_partners_customer_and_address_are_not_found(other_agent_user, customer):
    contact = CustomerContact.objects.create(
        partner=customer.partner, customer=customer, email="ap@lantern.example"
    )
    client = signed_in(other_agent_user)
    assert (
        client.post(
            f"/customers/{customer.pk}/contacts/", {"contact-email": "x@y.example"}
        ).status_code
        == 404
    )
    assert client.post(f"/customers/{customer.pk}/contacts/{contact.pk}/remove/").status_code == 404
    assert client.get(f"/customers/{customer.pk}/contacts/").status_code in (404, 405)
    assert CustomerContact.objects.count() == 1


def test_the_customer_page_costs_the_same_with_more_addresses(agent_user, customer):
    def grow():
        for n in range(10):
            CustomerContact.objects.create(
                partner=customer.partner, customer=customer, email=f"c{n}@lantern.example"
            )

    assert_same(signed_in(agent_user), f"/customers/{customer.pk}/", grow)


def test_the_customer_page_stays_within_its_query_budget(
    agent_user, customer, django_assert_max_num_queries
):
    client = signed_in(agent_user)
    client.get(f"/customers/{customer.pk}/")
    with django_assert_max_num_queries(16):
        assert client.get(f"/customers/{customer.pk}/").status_code == 200
