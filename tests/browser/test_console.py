"""Operator staff onboard a new partner: create it, add its first admin, who then signs in."""

import pytest

from partners.models import Membership, Partner
from tests.browser.conftest import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_operator_creates_a_partner_and_onboards_its_admin(page, operator_user):
    sign_in(page, operator_user.username)
    assert page.url.endswith("/ops/escalations/")  # the operator's daily work comes first
    page.locator(".sidenav").get_by_role("link", name="Partners").click()
    page.get_by_role("link", name="New partner").click()
    page.fill("#id_name", "Harbin Cloud")
    page.fill("#id_slug", "Harbin Cloud")  # not a slug: refused with the reason
    page.fill("#id_support_email", "help@harbin.example")
    page.select_option("#id_default_language", "ru")
    page.select_option("#id_time_zone", "Asia/Harbin")
    page.get_by_role("button", name="Create partner").click()
    page.wait_for_load_state()
    assert page.locator("#id_slug_error").is_visible()
    page.fill("#id_slug", "harbin")
    page.get_by_role("button", name="Create partner").click()
    page.wait_for_load_state()

    partner = Partner.objects.get(slug="harbin")
    assert page.url.endswith(f"/ops/partners/{partner.pk}/")
    assert page.locator(".alert--warning").inner_text().startswith("This partner has no admin yet.")
    assert page.locator("#id_role").input_value() == "admin"
    page.fill("#id_username", "harbin-lead")
    page.fill("#id_email", "lead@harbin.example")
    page.fill("#id_password", "a-proper-passphrase-4")
    page.get_by_role("button", name="Add member").click()
    page.wait_for_load_state()
    assert "harbin-lead can now sign in for Harbin Cloud." in page.locator(".messages").inner_text()
    assert page.locator(".alert--warning").count() == 0
    assert Membership.objects.get(user__username="harbin-lead").role == "admin"

    page.locator(".breadcrumbs").get_by_role("link", name="Partners").click()
    assert "Harbin Cloud" in page.locator("table.table").inner_text()

    sign_out(page)
    sign_in(page, "harbin-lead", "a-proper-passphrase-4")
    assert page.locator(".context-tag").inner_text() == "Harbin Cloud"
    assert page.locator("html").get_attribute("lang") == "ru"  # the partner's default language
    assert page.locator(".sidenav a[href='/members/']").count() == 1  # an admin
