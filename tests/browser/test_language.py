"""The language chosen in the top bar follows the user, not the browser."""

import pytest

from partners.models import Profile
from tests.browser.conftest import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_language(page, code: str):
    page.locator("details.langswitch > summary").click()
    page.locator(f"details.langswitch button[value='{code}']").click()
    page.wait_for_load_state()


def test_the_chosen_language_survives_signing_out_and_a_new_browser(new_page, agent_user):
    page = new_page()
    sign_in(page, agent_user.username)
    page.goto("/customers/")
    choose_language(page, "es")
    assert page.url.endswith("/customers/")  # back where they were
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("details.langswitch > summary").inner_text().strip().lower() == "español"
    assert Profile.objects.get(user=agent_user).language == "es"
    sign_out(page)

    elsewhere = new_page(locale="en-US")  # another browser: no cookie, English Accept-Language
    elsewhere.goto("/login/")
    assert elsewhere.locator("html").get_attribute("lang") == "en"
    sign_in(elsewhere, agent_user.username)
    assert elsewhere.locator("html").get_attribute("lang") == "es"


def test_a_visitor_can_switch_the_sign_in_page(page):
    page.goto("/login/")
    choose_language(page, "fr")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("label[for=id_username]").inner_text().startswith("Nom d’utilisateur")
    assert not Profile.objects.exists()
