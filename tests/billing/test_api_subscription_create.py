"""POST and PATCH /api/subscriptions/: a partner admin creates its customers' subscriptions and
changes their offer, quantity and external id; agents and the operator read only (403 before the
body is read); another partner's customer is "no such customer", another partner's subscription
404; ``?external_id=`` finds one."""

import pytest

from billing.models import Subscription
from partners.models import Event
from tests.support.factories import CustomerFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(partner):
    return CustomerFactory(partner=partner)


@pytest.fixture
def mine(customer):
    return SubscriptionFactory(customer=customer, external_id="SUB-1")


def test_an_admin_creates_an_active_subscription(api, admin_user, customer):
    body = {"customer": customer.id, "offer": "Microsoft 365 E3", "quantity": 25}
    response = api(admin_user).post("/api/subscriptions/", {**body, "external_id": "pc-guid-1"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data | body == data and data["status"] == "active"
    assert data["external_id"] == "pc-guid-1"
    subscription = Subscription.objects.get(pk=data["id"])
    assert subscription.partner_id == customer.partner_id
    assert Event.objects.filter(
        object_type="subscription", object_id=subscription.id, action="created"
    ).exists()


def test_the_quantity_defaults_to_one_and_the_external_id_to_none(api, admin_user, customer):
    response = api(admin_user).post(
        "/api/subscriptions/", {"customer": customer.id, "offer": "Azure plan"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert (response.json()["quantity"], response.json()["external_id"]) == (1, "")


@pytest.mark.parametrize(
    "change, field",
    [
        ({"quantity": 0}, "quantity"),
        ({"quantity": 2**31}, "quantity"),
        ({"quantity": "many"}, "quantity"),
        ({"offer": ""}, "offer"),
        ({"offer": "x" * 201}, "offer"),
        ({"customer": None}, "customer"),
        ({"customer": 10**30}, "customer"),
        ({"external_id": "x" * 101}, "external_id"),
    ],
)
def test_it_rejects_bad_input_by_field(api, admin_user, customer, change, field):
    body = {"customer": customer.id, "offer": "Azure plan", **change}
    response = api(admin_user).post("/api/subscriptions/", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not Subscription.objects.exists()


def test_another_partners_customer_is_unknown(api, admin_user, other_partner):
    theirs = CustomerFactory(partner=other_partner)
    response = api(admin_user).post(
        "/api/subscriptions/", {"customer": theirs.id, "offer": "Azure plan"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"customer": ["No such customer."]}
    assert not Subscription.objects.exists()


def test_a_taken_external_id_is_a_field_error(api, admin_user, customer, mine):
    body = {"customer": customer.id, "offer": "Azure plan", "external_id": "SUB-1"}
    response = api(admin_user).post("/api/subscriptions/", body, format="json")
    assert response.status_code == 400 and "external_id" in response.json()


@pytest.mark.parametrize("who", ["agent_user", "operator_user"])
def test_agents_and_the_operator_may_not_create_even_with_a_bad_body(api, request, who):
    client = api(request.getfixturevalue(who))
    assert client.post("/api/subscriptions/", {"offer": ""}, format="json").status_code == 403


@pytest.mark.parametrize("who", ["agent_user", "operator_user"])
def test_agents_and_the_operator_may_not_edit(api, request, who, mine):
    client = api(request.getfixturevalue(who))
    response = client.patch(f"/api/subscriptions/{mine.id}/", {"quantity": -1}, format="json")
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.quantity == 3


def test_an_admin_changes_the_offer_quantity_and_external_id(api, admin_user, mine):
    change = {"offer": "Azure plan (CSP)", "quantity": 7, "external_id": "SUB-9"}
    response = api(admin_user).patch(f"/api/subscriptions/{mine.id}/", change, format="json")
    assert response.status_code == 200, response.content
    assert response.json() | change == response.json()
    mine.refresh_from_db()
    assert (mine.offer, mine.quantity, mine.external_id) == ("Azure plan (CSP)", 7, "SUB-9")
    assert Event.objects.filter(
        object_type="subscription", object_id=mine.id, action="updated"
    ).exists()


def test_a_bad_patch_changes_nothing(api, admin_user, customer, mine):
    SubscriptionFactory(customer=customer, external_id="SUB-2")
    client = api(admin_user)
    response = client.patch(
        f"/api/subscriptions/{mine.id}/", {"quantity": 9, "external_id": "SUB-2"}, format="json"
    )
    assert response.status_code == 400 and "external_id" in response.json()
    response = client.patch(f"/api/subscriptions/{mine.id}/", {"quantity": 0}, format="json")
    assert response.status_code == 400 and "quantity" in response.json()
    mine.refresh_from_db()
    assert (mine.quantity, mine.external_id) == (3, "SUB-1")


def test_another_partners_subscription_cannot_be_edited(api, admin_user, other_partner):
    theirs = SubscriptionFactory(customer=CustomerFactory(partner=other_partner))
    response = api(admin_user).patch(
        f"/api/subscriptions/{theirs.id}/", {"quantity": 1}, format="json"
    )
    assert response.status_code == 404


def test_the_list_filters_by_external_id(api, agent_user, customer, mine, other_partner):
    SubscriptionFactory(customer=customer, external_id="SUB-2")
    SubscriptionFactory(customer=CustomerFactory(partner=other_partner), external_id="SUB-1")
    body = api(agent_user).get("/api/subscriptions/", {"external_id": "SUB-1"}).json()
    assert [row["id"] for row in body["results"]] == [mine.id]
