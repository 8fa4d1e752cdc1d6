"""/api/subscriptions/: partner users see their own, the operator sees all; another partner's
subscription is 404 for every action."""

import pytest

from tests.support.factories import CustomerFactory, SubscriptionFactory, UserFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "id",
    "customer",
    "offer",
    "quantity",
    "status",
    "suspension_reasons",
    "suspended_at",
    "data_deletion_at",
    "external_id",
}


@pytest.fixture
def mine(partner):
    return SubscriptionFactory(customer=CustomerFactory(partner=partner), partner=partner)


@pytest.fixture
def theirs(other_partner):
    return SubscriptionFactory(
        customer=CustomerFactory(partner=other_partner), partner=other_partner
    )


def test_partner_users_list_only_their_own_subscriptions(api, agent_user, mine, theirs):
    body = api(agent_user).get("/api/subscriptions/").json()
    assert [row["id"] for row in body["results"]] == [mine.id]
    assert set(body["results"][0]) == FIELDS
    assert (
        api(agent_user).get("/api/subscriptions/", {"customer": theirs.customer_id}).json()["count"]
        == 0
    )


def test_the_operator_reads_every_partners_subscriptions(api, operator_user, mine, theirs):
    client = api(operator_user)
    assert [row["id"] for row in client.get("/api/subscriptions/").json()["results"]] == [
        mine.id,
        theirs.id,
    ]
    assert client.get(f"/api/subscriptions/{theirs.id}/").status_code == 200


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("get", "", None),
        ("get", "suspension-check/", None),
        ("post", "suspend/", {"reason": "non_payment"}),
        ("post", "reactivate/", {}),
        ("post", "cancel/", {}),
    ],
)
def test_another_partners_subscription_is_not_found(api, admin_user, theirs, method, path, body):
    response = getattr(api(admin_user), method)(
        f"/api/subscriptions/{theirs.id}/{path}", body, format="json"
    )
    assert response.status_code == 404


def test_the_status_is_not_a_field_and_subscriptions_are_not_deleted(api, admin_user, mine):
    client = api(admin_user)
    url = f"/api/subscriptions/{mine.id}/"
    response = client.patch(url, {"status": "cancelled"}, format="json")
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.status == "active"
    assert client.put(f"/api/subscriptions/{mine.id}/", {}, format="json").status_code == 405
    assert client.delete(f"/api/subscriptions/{mine.id}/").status_code == 405


def test_strangers_and_users_without_a_role_get_nothing(api, mine):
    assert api(None).get("/api/subscriptions/").status_code == 401
    assert api(UserFactory()).get("/api/subscriptions/").status_code == 403
