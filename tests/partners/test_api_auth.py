import pytest

from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_it_issues_a_token_that_authenticates(api, agent_user):
    response = api().post(
        "/api/auth/token/",
        {"username": agent_user.username, "password": "pw-for-tests-1"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/me/").json()
    assert me == {
        "username": agent_user.username,
        "role": "agent",
        "partner": agent_user.membership.partner_id,
    }


def test_it_refuses_a_wrong_password_with_400(api, agent_user):
    response = api().post(
        "/api/auth/token/", {"username": agent_user.username, "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_it_answers_401_without_credentials(api):
    for url in ("/api/me/", "/api/partners/", "/api/customers/"):
        assert api().get(url).status_code == 401, url


def test_it_locks_out_after_repeated_failures(api, agent_user, settings):
    client = api()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/api/auth/token/",
            {"username": agent_user.username, "password": "wrong"},
            format="json",
        )
    response = client.post(
        "/api/auth/token/",
        {"username": agent_user.username, "password": "pw-for-tests-1"},
        format="json",
    )
    assert response.status_code in (403, 429)


def test_me_tells_operator_and_admin_roles(api, operator_user, admin_user):
    assert api(operator_user).get("/api/me/").json()["role"] == "operator"
    assert api(operator_user).get("/api/me/").json()["partner"] is None
    assert api(admin_user).get("/api/me/").json()["role"] == "admin"


def test_a_user_without_role_gets_403_on_tenant_endpoints(api, django_user_model):
    loner = django_user_model.objects.create_user("loner", password="pw-for-tests-1")
    assert api(loner).get("/api/me/").json()["role"] is None
    assert api(loner).get("/api/customers/").status_code == 403
    assert api(loner).get("/api/partners/").status_code == 403


def test_superuser_counts_as_operator(api, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw-for-tests-1")
    assert api(root).get("/api/me/").json()["role"] == "operator"


def test_membership_factory_makes_distinct_partners():
    assert MembershipFactory().partner_id != MembershipFactory().partner_id
