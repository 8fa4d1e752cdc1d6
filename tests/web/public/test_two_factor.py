"""Two-factor sign-in on the web: required roles enrol before anything else; agents may."""

import pytest
from django.core import signing
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.models import Event
from tests.support.two_factor import current_code, enrol, next_code
from web.public.two_factor import SECRET_SALT

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED_ROLES = ["operator", "admin"]


def pending_key(response) -> str:
    return signing.loads(response.context["secret"], salt=SECRET_SALT)


def test_a_partner_admin_must_enrol_before_opening_any_page(client, admin_user, required):
    client.force_login(admin_user)
    response = client.get("/customers/?q=x")
    assert response.status_code == 302
    assert response.url == "/account/two-factor/?next=/customers/%3Fq%3Dx"
    assert client.post("/customers/new/", {"name": "A"}).status_code == 302
    api_response = client.get("/api/customers/")
    assert api_response.status_code == 403
    assert api_response.json()["detail"] == "Set up two-factor sign-in to continue."


def test_the_operator_must_enrol_too(client, operator_user, required):
    client.force_login(operator_user)
    assert client.get("/ops/").url.startswith("/account/two-factor/")


def test_an_agent_need_not_enrol(client, agent_user, required):
    client.force_login(agent_user)
    assert client.get("/customers/").status_code == 200


def test_empty_required_roles_turn_enforcement_off(client, admin_user, settings):
    settings.MFA_REQUIRED_ROLES = []
    client.force_login(admin_user)
    assert client.get("/customers/").status_code == 200


def test_enrolment_confirms_with_a_code_and_shows_recovery_codes_once(client, admin_user, required):
    client.force_login(admin_user)
    page = client.get("/account/two-factor/?next=/customers/")
    assert page.status_code == 200
    assert not TOTPDevice.objects.exists()  # opening the page writes nothing
    key = pending_key(page)
    response = client.post(
        "/account/two-factor/",
        {"code": current_code(key), "secret": page.context["secret"], "next": "/customers/"},
    )
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    assert TOTPDevice.objects.get(user=admin_user, confirmed=True).key == key
    assert Event.objects.filter(action="mfa_enrolled", object_id=admin_user.pk).count() == 1
    assert client.get("/customers/").status_code == 200  # this session is verified


def test_enrolment_refuses_a_wrong_code(client, admin_user, required):
    client.force_login(admin_user)
    page = client.get("/account/two-factor/")
    wrong = f"{(int(current_code(pending_key(page))) + 1) % 1_000_000:06d}"
    response = client.post(
        "/account/two-factor/", {"code": wrong, "secret": page.context["secret"]}
    )
    assert response.status_code == 200
    assert "This code is not valid" in response.content.decode()
    assert not TOTPDevice.objects.exists()
    assert client.get("/customers/").status_code == 302


def test_enrolment_refuses_a_forged_secret(client, admin_user, required):
    client.force_login(admin_user)
    forged = signing.dumps("00" * 20, salt="another-salt")
    response = client.post(
        "/account/two-factor/", {"code": current_code("00" * 20), "secret": forged}
    )
    assert "This code is not valid" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def sign_in(client, user, **extra):
    return client.post("/login/", {"username": user.username, "password": PASSWORD, **extra})


def test_an_enrolled_user_signs_in_with_a_code(client, admin_user, required):
    device, _codes = enrol(admin_user)
    refused = sign_in(client, admin_user)
    assert refused.status_code == 200
    assert "Enter the code from your authenticator app" in refused.content.decode()
    assert sign_in(client, admin_user, otp=next_code(device)).status_code == 302
    assert client.get("/customers/").status_code == 200


def test_a_recovery_code_signs_in_once(client, admin_user, required):
    _device, codes = enrol(admin_user)
    assert sign_in(client, admin_user, otp=codes[0]).status_code == 302
    client.post("/logout/")
    assert sign_in(client, admin_user, otp=codes[0]).status_code == 200


def test_an_unverified_session_of_an_enrolled_user_asks_for_the_code(client, admin_user, required):
    device, _codes = enrol(admin_user)
    client.force_login(admin_user)  # e.g. through the admin's own sign-in form
    assert client.get("/customers/").url.startswith("/account/two-factor/")
    page = client.get("/account/two-factor/")
    assert page.context["state"] == "verify"
    response = client.post(
        "/account/two-factor/", {"code": next_code(device), "next": "/customers/"}
    )
    assert response.url == "/customers/"
    assert client.get("/customers/").status_code == 200


def test_the_admin_signs_in_through_the_desk_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/login/?next=/admin/login/")
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 302
