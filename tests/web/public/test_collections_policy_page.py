"""The public collections-policy page: in the visitor's language (Accept-Language or ?lang=), each
step and when access is impacted in plain words, a given version on request."""

import pytest

from tests.support.billing_helpers import STEPS, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(partner):
    return f"/p/{partner.slug}/collections-policy/"


@pytest.fixture
def published(partner):
    return publish(
        partner,
        steps=STEPS,
        auto_suspend=True,
        description_en="We chase unpaid invoices politely.",
        description_es="Reclamamos las facturas impagadas con cortesía.",
    )


def test_a_spanish_visitor_reads_the_policy_in_spanish(client, url, published, partner):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "es"
    page = response.content.decode()
    assert '<html lang="es"' in page
    assert f"Política de cobros de {partner.name}" in page
    assert "Reclamamos las facturas impagadas con cortesía." in page
    assert (
        "7 días después del vencimiento" in page and "Le enviamos un recordatorio de pago" in page
    )
    assert "14 días después del vencimiento" in page and "Le enviamos un último aviso" in page
    assert "21 días después del vencimiento" in page and "sus suscripciones se suspenden" in page
    assert "El acceso a sus suscripciones se ve afectado, como muy pronto, 21 días después" in page
    assert "Siempre recibirá el último aviso al menos 7 días antes" in page
    assert "We chase" not in page and "days after the due date" not in page


def test_the_lang_switch_wins_over_accept_language(client, url, published):
    page = client.get(url, {"lang": "es"}, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Reclamamos las facturas impagadas" in page
    page = client.get(url, {"lang": "ru"}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Политика взимания оплаты" in page and "Через 7 дней после срока оплаты" in page


def test_a_description_missing_in_a_language_falls_back_to_english(client, url, published):
    page = client.get(url, {"lang": "fr"}).content.decode()
    assert '<section class="description" lang="en"><p>We chase unpaid invoices politely.' in page
    assert "Politique de recouvrement" in page


def test_manual_suspension_is_stated_as_a_possibility(client, url, partner):
    publish(partner, auto_suspend=False)
    page = client.get(url, {"lang": "en"}).content.decode()
    assert f"If the invoice is still unpaid, {partner.name} may suspend your subscriptions" in page


def test_a_policy_without_a_suspend_step_says_access_is_never_impacted(client, url, partner):
    publish(partner, steps=[{"after_days": 5, "action": "reminder"}])
    page = client.get(url, {"lang": "en"}).content.decode()
    assert "access to your subscriptions is never suspended for non-payment" in page


def test_an_older_version_stays_readable_for_the_notices_that_named_it(client, url, partner):
    publish(partner)
    publish(partner, steps=[{"after_days": 5, "action": "reminder"}])
    old = client.get(url, {"version": 1, "lang": "en"}).content.decode()
    assert "Version 1, in force since" in old and "21 days after the due date" in old
    current = client.get(url, {"lang": "en"}).content.decode()
    assert "Version 2" in current and "21 days after the due date" not in current
    assert client.get(url, {"version": 9}).status_code == 404
    assert client.get(url, {"version": "x"}).status_code == 404


def test_a_partner_without_a_policy_shows_the_standard_one_in_chinese(client, url):
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert "标准政策。" in page and "到期日后 30 天" in page
    assert "如果账单在到期日前未付款" in page  # the default description, translated


def test_an_unknown_partner_is_not_found(client):
    assert client.get("/p/nobody/collections-policy/").status_code == 404


def test_the_page_only_answers_get(client, url):
    assert client.post(url).status_code == 405
