"""New recovery codes from /account/two-factor/recovery-codes/: a verified session and a current
authenticator code replace them (the old ones stop working); a recovery code cannot mint more."""

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.models import Event
from tests.support.two_factor import enrol, next_code

pytestmark = pytest.mark.django_db

URL = "/account/two-factor/recovery-codes/"


def verified(client, user):
    """Signed in, the session verified with a recovery code; the authenticator's next code is
    still unused."""
    device, codes = enrol(user)
    client.force_login(user)
    client.post("/account/two-factor/", {"code": codes[0], "next": "/"})
    # django-otp counted the recovery code as a failed authenticator code: its one-second
    # throttle would refuse the next code of this test at once.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    return device, codes


def tokens(user) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def test_the_two_factor_page_counts_the_codes_left_and_links_the_new_ones(client, admin_user):
    verified(client, admin_user)
    html = client.get("/account/two-factor/").content.decode()
    assert "9 unused recovery codes left." in html and f'href="{URL}"' in html


def test_a_current_code_replaces_the_recovery_codes(client, admin_user):
    device, old = verified(client, admin_user)
    response = client.post(URL, {"code": next_code(device)})
    assert response.status_code == 200 and response.context["state"] == "codes"
    new = response.context["codes"]
    assert len(new) == 10 and tokens(admin_user) == set(new)
    assert not set(old) & tokens(admin_user)  # the old ones stop working
    assert all(code in response.content.decode() for code in new)
    assert Event.objects.filter(
        object_id=admin_user.pk, action="mfa_recovery_codes_regenerated"
    ).exists()


def test_a_recovery_code_cannot_mint_new_ones(client, admin_user):
    _device, codes = verified(client, admin_user)
    before = tokens(admin_user)
    response = client.post(URL, {"code": codes[1]})
    assert response.status_code == 200 and response.context["state"] == "regenerate"
    assert "This code is not valid." in response.content.decode()
    assert tokens(admin_user) == before


def test_an_unverified_session_verifies_first(client, admin_user):
    enrol(admin_user)
    client.force_login(admin_user)
    response = client.get(URL)
    assert response.status_code == 302 and response.url == f"/account/two-factor/?next={URL}"


def test_without_an_authenticator_the_user_enrols_first(client, agent_user):
    client.force_login(agent_user)
    assert client.get(URL).url == "/account/two-factor/"
    assert client.post(URL, {"code": "123456"}).url == "/account/two-factor/"
    assert not StaticToken.objects.filter(device__user=agent_user).exists()
