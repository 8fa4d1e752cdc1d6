"""A partner admin edits the collections policy — a new step and the Spanish description —
previews the public page in Spanish, publishes, and a Spanish-speaking customer reads it."""

import pytest

from billing import policy as rules
from billing.models import CollectionsPolicy
from billing.services import policy_publish
from core.actors import SYSTEM
from tests.browser.conftest import screenshot, sign_in
from tests.support.factories import MembershipFactory, PartnerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPANISH = (
    "Si una factura no se paga a tiempo, le avisamos por correo antes de cualquier otra medida. "
    "¿No puede pagar o no está de acuerdo? Escríbanos: una factura en disputa queda en pausa."
)


@pytest.fixture
def partner(db):
    partner = PartnerFactory(
        name="Contoso Reseller", slug="contoso", support_email="billing@contoso.example"
    )
    default = rules.default_policy(partner)
    policy_publish(
        actor=SYSTEM,
        partner=partner,
        steps=default.steps,
        auto_suspend=False,
        descriptions=rules.default_descriptions(),
    )
    return partner


@pytest.fixture
def admin_user(partner):
    return MembershipFactory(partner=partner, role="admin", user__username="maria.lopez").user


def test_an_admin_edits_the_spanish_description_and_the_public_page_shows_it(
    page, new_page, admin_user, partner
):
    sign_in(page, admin_user.username)
    page.locator(".sidenav").get_by_role("link", name="Collections policy").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Collections policy"

    # A new reminder, typed in a blank row that "Add a step" reveals; it lands in day order.
    assert page.locator("tr[data-blank]").first.is_hidden()
    page.get_by_role("button", name="Add a step").click()
    page.get_by_label("Row 5: days after the due date").fill("15")
    page.get_by_label("Row 5: action").select_option("reminder")

    page.get_by_role("tab", name="Español").click()
    page.locator("#id_description_es").fill(SPANISH)
    page.select_option("#preview-language", "es")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    preview = page.locator("#preview")
    assert "draft, not published" in preview.inner_text()
    assert (
        SPANISH in preview.inner_text()
        and "15 días después del vencimiento" in preview.inner_text()
    )
    assert (
        CollectionsPolicy.objects.filter(partner=partner).count() == 1
    )  # a preview publishes nothing
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "policy-editor")

    page.get_by_role("button", name="Publish as version 2").click()
    page.wait_for_load_state()
    assert "Version 2 is published." in page.locator(".messages").inner_text()
    policy = CollectionsPolicy.objects.get(partner=partner, version=2)
    assert policy.description_es == SPANISH
    assert [step["after_days"] for step in policy.steps] == [3, 10, 15, 20, 30]

    customer = new_page(locale="es-ES")
    customer.goto(f"/p/{partner.slug}/collections-policy/")
    assert customer.locator("html").get_attribute("lang") == "es"
    assert customer.locator("h1").inner_text() == "Política de cobros de Contoso Reseller"
    assert SPANISH in customer.locator(".description").inner_text()
    assert "15 días después del vencimiento" in customer.locator("main").inner_text()
    screenshot(customer, "public-policy-es")

    # The reader switches to French from the menu: the page follows, the Spanish text does not leak.
    customer.locator("details.langswitch > summary").click()
    customer.locator(".langswitch .menu__panel").get_by_role("link", name="Français").click()
    customer.wait_for_load_state()
    assert customer.locator("h1").inner_text().startswith("Politique de recouvrement")
