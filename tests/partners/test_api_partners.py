import pytest

from partners.models import Event, Membership
from tests.support.factories import CustomerFactory, PartnerFactory

pytestmark = pytest.mark.django_db

NEW_PARTNER = {
    "name": "Acme Cloud",
    "slug": "acme",
    "support_email": "help@acme.example",
    "default_language": "es",
}


def test_operator_creates_reads_updates_and_deletes_a_partner(api, operator_user):
    client = api(operator_user)
    created = client.post("/api/partners/", NEW_PARTNER, format="json")
    assert created.status_code == 201
    body = created.json()
    assert {k: body[k] for k in NEW_PARTNER} == NEW_PARTNER
    url = f"/api/partners/{body['id']}/"
    assert client.patch(url, {"name": "Acme"}, format="json").json()["name"] == "Acme"
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404
    assert Event.objects.filter(
        object_type="partner", object_id=body["id"], action="deleted"
    ).exists()


def test_it_refuses_to_delete_a_partner_with_customers(api, operator_user, partner):
    CustomerFactory(partner=partner)
    response = api(operator_user).delete(f"/api/partners/{partner.id}/")
    assert response.status_code == 409
    assert response.json()["code"] == "policy_violation"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"default_language": "de"}, "default_language"),
        ({"support_email": "not-an-email"}, "support_email"),
        ({"slug": "Bad Slug"}, "slug"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ],
)
def test_it_rejects_bad_partner_input_with_field_messages(api, operator_user, change, field):
    response = api(operator_user).post("/api/partners/", {**NEW_PARTNER, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_it_rejects_missing_fields(api, operator_user):
    response = api(operator_user).post("/api/partners/", {}, format="json")
    assert response.status_code == 400
    assert {"name", "slug", "support_email"} <= set(response.json())


def test_it_rejects_a_duplicate_slug(api, operator_user, partner):
    response = api(operator_user).post(
        "/api/partners/", {**NEW_PARTNER, "slug": partner.slug}, format="json"
    )
    assert response.status_code == 400
    assert "slug" in response.json()


def test_partner_users_see_only_their_own_partner(api, agent_user, partner, other_partner):
    client = api(agent_user)
    ids = [row["id"] for row in client.get("/api/partners/").json()["results"]]
    assert ids == [partner.id]
    assert client.get(f"/api/partners/{other_partner.id}/").status_code == 404


def test_partner_users_cannot_create_or_change_partners(api, admin_user, partner):
    client = api(admin_user)
    assert client.post("/api/partners/", NEW_PARTNER, format="json").status_code == 403
    assert (
        client.patch(f"/api/partners/{partner.id}/", {"name": "Mine"}, format="json").status_code
        == 403
    )


def test_admin_adds_a_member_to_their_partner(api, admin_user, partner):
    response = api(admin_user).post(
        f"/api/partners/{partner.id}/members/",
        {
            "username": "new-agent",
            "password": "a-long-pass-phrase",
            "email": "a@p.example",
            "role": "agent",
        },
        format="json",
    )
    assert response.status_code == 201
    assert Membership.objects.get(user__username="new-agent").partner == partner


def test_operator_onboards_a_partners_first_admin(api, operator_user, partner):
    response = api(operator_user).post(
        f"/api/partners/{partner.id}/members/",
        {
            "username": "first-admin",
            "password": "a-long-pass-phrase",
            "email": "a@p.example",
            "role": "admin",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["role"] == "admin"


def test_it_refuses_agent_adding_members(api, agent_user, partner):
    response = api(agent_user).post(
        f"/api/partners/{partner.id}/members/",
        {
            "username": "sneaky",
            "password": "a-long-pass-phrase",
            "email": "s@p.example",
            "role": "admin",
        },
        format="json",
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(user__username="sneaky").exists()


def test_it_answers_404_for_other_partners_members_endpoint(api, admin_user, other_partner):
    response = api(admin_user).post(
        f"/api/partners/{other_partner.id}/members/",
        {
            "username": "x",
            "password": "a-long-pass-phrase",
            "email": "x@p.example",
            "role": "agent",
        },
        format="json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "change, field",
    [({"role": "owner"}, "role"), ({"email": "nope"}, "email"), ({"password": "123"}, "password")],
)
def test_it_rejects_bad_member_input(api, admin_user, partner, change, field):
    body = {
        "username": "m1",
        "password": "a-long-pass-phrase",
        "email": "m@p.example",
        "role": "agent",
        **change,
    }
    response = api(admin_user).post(f"/api/partners/{partner.id}/members/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_it_rejects_a_taken_username(api, admin_user, partner):
    body = {
        "username": admin_user.username,
        "password": "a-long-pass-phrase",
        "email": "m@p.example",
        "role": "agent",
    }
    response = api(admin_user).post(f"/api/partners/{partner.id}/members/", body, format="json")
    assert response.status_code == 400
    assert "username" in response.json()


def test_partner_list_is_ordered_and_paginated(api, operator_user):
    for name in ("Zeta", "Alpha", "Mid"):
        PartnerFactory(name=name)
    body = api(operator_user).get("/api/partners/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [r["name"] for r in body["results"]] == ["Alpha", "Mid", "Zeta"]
