"""Only a partner admin manages the team."""

import pytest

from partners.models import Membership
from tests.browser.conftest import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_adds_an_agent_who_then_signs_in(page, admin_user, partner):
    sign_in(page, admin_user.username)
    page.locator(".sidenav").get_by_role("link", name="Members").click()
    page.fill("#id_username", "mei.chen")
    page.fill("#id_email", "mei.chen@partner.example")
    page.fill("#id_password", "short")
    page.select_option("#id_role", "agent")
    page.get_by_role("button", name="Add member").click()
    page.wait_for_load_state()
    assert "This password is too short." in page.locator("#id_password_error").inner_text()

    page.fill("#id_password", "a-proper-passphrase-4")
    page.get_by_role("button", name="Add member").click()
    page.wait_for_load_state()
    assert "mei.chen can now sign in." in page.locator(".messages").inner_text()
    assert "mei.chen" in page.locator("table.table").inner_text()
    assert Membership.objects.get(user__username="mei.chen").partner_id == partner.pk

    sign_out(page)
    sign_in(page, "mei.chen", "a-proper-passphrase-4")
    assert page.locator("h1").inner_text() == "Dashboard"


def test_an_agent_has_no_members_page(page, agent_user):
    sign_in(page, agent_user.username)
    assert page.locator(".sidenav").get_by_role("link", name="Members").count() == 0
    response = page.goto("/members/")
    assert response.status == 403
    assert "Only a partner admin may open this page." in page.locator("main").inner_text()
