"""Signing in and out in a real browser, with the messages people see when it goes wrong."""

import pytest
from django.conf import settings

from tests.browser.conftest import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_signs_in_and_lands_on_their_dashboard(page, agent_user, partner):
    page.goto("/customers/")
    assert page.url.endswith("/login/?next=/customers/")
    page.fill("#id_username", agent_user.username)
    page.fill("#id_password", "pw-for-tests-1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/customers/")
    assert page.locator(".context-tag").inner_text() == partner.name
    page.goto("/")
    assert page.locator("h1").inner_text() == "Dashboard"


def test_a_wrong_password_says_so_and_focuses_the_problem(page, agent_user):
    sign_in(page, agent_user.username, "not-the-password")
    summary = page.locator(".error-summary")
    assert "Please enter a correct username and password" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")


def test_repeated_failures_lock_the_account_with_a_clear_message(page, agent_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(page, agent_user.username, "wrong")
        assert page.locator("#lockout").count() == 0
    page.fill("#id_username", agent_user.username)
    page.fill("#id_password", "wrong")
    with page.expect_response("**/login/") as answer:
        page.locator("main form button[type=submit]").click()
    assert answer.value.status == 429
    assert "paused for 15 minutes" in page.locator("#lockout").inner_text()
    sign_in(page, agent_user.username)  # even the right password waits now
    assert page.locator("#lockout").is_visible()


def test_signing_out_returns_to_sign_in(page, agent_user):
    sign_in(page, agent_user.username)
    sign_out(page)
    page.goto("/customers/")
    assert "/login/" in page.url
