"""A partner user never reaches another partner's objects, whatever URL they type."""

import pytest

from tests.browser.conftest import sign_in
from tests.support.factories import CustomerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_another_partners_customer_page_is_not_found(page, agent_user, other_partner):
    theirs = CustomerFactory(partner=other_partner, name="Someone Else's Customer")
    sign_in(page, agent_user.username)
    for url in (f"/customers/{theirs.pk}/", f"/customers/{theirs.pk}/edit/"):
        response = page.goto(url)
        assert response.status == 404, url
        assert "Someone Else" not in page.content()
        assert page.locator("h1").inner_text() == "This page does not exist"
    page.goto("/customers/?q=Someone")
    assert "Someone Else" not in page.locator("main").inner_text()


def test_a_partner_user_cannot_open_the_operator_console(page, admin_user):
    sign_in(page, admin_user.username)
    assert page.goto("/ops/").status == 403
