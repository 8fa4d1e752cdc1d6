"""Two-factor sign-in in a real browser (with the Content-Security-Policy on): a partner admin
enrols at the first sign-in, keeps the recovery codes, and signs in with a code afterwards."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import sign_in, sign_out
from tests.support.two_factor import next_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def csp_violations(page):
    """Every console report of the Content-Security-Policy blocking something on ``page``."""
    seen = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def test_an_admin_enrols_then_signs_in_with_a_code(page, admin_user, settings, csp_violations):
    settings.MFA_REQUIRED_ROLES = ["operator", "admin"]
    sign_in(page, admin_user.username)
    assert "/account/two-factor/" in page.url
    page.goto("/customers/")  # nothing else opens before enrolment
    assert "/account/two-factor/?next=/customers/" in page.url
    assert page.locator("#two-factor-qr").is_visible()
    key = b32decode(page.locator("#two-factor-key").inner_text().replace(" ", ""))
    page.fill("#id_code", f"{totp(key):06d}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#recovery-codes li").count() == 10
    page.locator("#two-factor-continue").click()
    page.wait_for_url("**/customers/")

    sign_out(page)
    sign_in(page, admin_user.username)  # no code: refused, with the reason
    assert "Enter the code from your authenticator app" in page.locator("main").inner_text()
    page.fill("#id_password", "pw-for-tests-1")
    page.fill("#id_otp", next_code(TOTPDevice.objects.get(user=admin_user)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.goto("/customers/")
    assert page.url.endswith("/customers/")
    assert csp_violations == []


def test_an_agent_is_not_asked_to_enrol(page, agent_user, settings, csp_violations):
    settings.MFA_REQUIRED_ROLES = ["operator", "admin"]
    sign_in(page, agent_user.username)
    page.goto("/customers/")
    assert page.url.endswith("/customers/")
    page.goto("/account/two-factor/")  # but may, from the account menu
    assert page.locator("#two-factor-qr").is_visible()
    assert csp_violations == []
