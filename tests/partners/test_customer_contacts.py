"""Extra contact addresses of a customer through the API: shown on the customer, added and
removed by partner users of the customer's partner only, one per customer, in lower case."""

import pytest

from partners.models import CustomerContact, Event
from tests.support.factories import CustomerFactory
from tests.support.querycount import assert_constant_in_page_size

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(partner):
    return CustomerFactory(partner=partner, email="owner@lantern.example")


def test_an_agent_adds_a_contact_and_the_customer_shows_it(api, agent_user, customer):
    client = api(agent_user)
    response = client.post(
        f"/api/customers/{customer.pk}/contacts/",
        {"email": "AP@Lantern.example", "name": "Accounts payable"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    contact = CustomerContact.objects.get()
    assert response.json() == {
        "id": contact.pk,
        "email": "ap@lantern.example",
        "name": "Accounts payable",
    }
    assert (contact.partner_id, contact.customer_id) == (customer.partner_id, customer.pk)
    shown = client.get(f"/api/customers/{customer.pk}/").json()["contacts"]
    assert shown == [response.json()]
    assert Event.objects.filter(
        object_type="customer", object_id=customer.pk, action="contact_added"
    ).exists()


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-address"},
        {"email": "OWNER@lantern.example"},  # the customer's own contact e-mail
        {"name": "no address"},
    ],
)
def test_it_refuses_a_bad_contact_by_field(api, agent_user, customer, body):
    response = api(agent_user).post(f"/api/customers/{customer.pk}/contacts/", body, format="json")
    assert response.status_code == 400
    assert "email" in response.json()
    assert not CustomerContact.objects.exists()


def test_the_same_address_twice_on_one_customer_is_refused(api, agent_user, customer, partner):
    client = api(agent_user)
    url = f"/api/customers/{customer.pk}/contacts/"
    assert client.post(url, {"email": "ap@lantern.example"}, format="json").status_code == 201
    again = client.post(url, {"email": "Ap@lantern.example"}, format="json")
    assert again.status_code == 400 and "email" in again.json()
    other = CustomerFactory(partner=partner)
    elsewhere = f"/api/customers/{other.pk}/contacts/"
    assert client.post(elsewhere, {"email": "ap@lantern.example"}, format="json").status_code == 201


def test_an_agent_removes_a_contact(api, agent_user, customer):
    client = api(agent_user)
    created = client.post(
        f"/api/customers/{customer.pk}/contacts/", {"email": "ap@lantern.example"}, format="json"
    ).json()
    response = client.delete(f"/api/customers/{customer.pk}/contacts/{created['id']}/")
    assert response.status_code == 204
    assert not CustomerContact.objects.exists()
    assert client.get(f"/api/customers/{customer.pk}/").json()["contacts"] == []
    assert Event.objects.filter(object_id=customer.pk, action="contact_removed").exists()


def test_another_partners_customer_and_contacts_are_not_found(
    api, other_agent_user, agent_user, customer
):
    contact = CustomerContact.objects.create(
        partner=customer.partner, customer=customer, email="ap@lantern.example"
    )
    client = api(other_agent_user)
    assert (
        client.post(
            f"/api/customers/{customer.pk}/contacts/", {"email": "x@y.example"}, format="json"
        ).status_code
        == 404
    )
    assert client.delete(f"/api/customers/{customer.pk}/contacts/{contact.pk}/").status_code == 404
    # A contact of one customer is not found under another customer of the same partner.
    sibling = CustomerFactory(partner=customer.partner)
    response = api(agent_user).delete(f"/api/customers/{sibling.pk}/contacts/{contact.pk}/")
    assert response.status_code == 404
    assert CustomerContact.objects.count() == 1


def test_the_operator_may_not_manage_contacts(api, operator_user, customer):
    response = api(operator_user).post(
        f"/api/customers/{customer.pk}/contacts/", {"email": "x@y.example"}, format="json"
    )
    assert response.status_code in (403, 404)
    assert not CustomerContact.objects.exists()


def test_the_customer_list_with_contacts_costs_the_same_whatever_the_page_size(
    api, agent_user, partner
):
    for customer in CustomerFactory.create_batch(120, partner=partner):
        CustomerContact.objects.create(partner=partner, customer=customer, email="a@b.example")
    assert_constant_in_page_size(api(agent_user), "/api/customers/", 120)
