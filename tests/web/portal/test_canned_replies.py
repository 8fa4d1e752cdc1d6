"""Partner admins manage canned replies with their seven translations; the list shows which
languages each one lacks (the same list as the API's ``missing_languages`` and the composer's
"(in English: not translated yet)"). Agents use them and do not manage them."""

import pytest
from django.conf import settings

from core.actors import actor_for
from partners.models import Event
from tests.support.web import signed_in
from tickets import services
from tickets.models import CannedReply

pytestmark = pytest.mark.django_db

EVERY_LANGUAGE = {
    "title_en": "Payment received",
    "body_en": "We received your payment.",
    "title_zh_hans": "已收到付款",
    "body_zh_hans": "我们已收到您的付款。",
    "title_es": "Pago recibido",
    "body_es": "Hemos recibido su pago.",
    "title_fr": "Paiement reçu",
    "body_fr": "Nous avons reçu votre paiement.",
    "title_it": "Pagamento ricevuto",
    "body_it": "Abbiamo ricevuto il Suo pagamento.",
    "title_pt_br": "Pagamento recebido",
    "body_pt_br": "Recebemos o seu pagamento.",
    "title_ru": "Платеж получен",
    "body_ru": "Мы получили ваш платеж.",
}


def canned(admin_user, **fields) -> CannedReply:
    return services.canned_reply_create(
        actor=actor_for(admin_user),
        **(fields or {"title": "Payment received", "body": "We received your payment."}),
    )


def row(html: str, reply: CannedReply) -> str:
    start = html.index(f'data-canned-reply="{reply.pk}"')
    return html[start : html.index("</tr>", start)]


def test_an_admin_creates_one_in_seven_languages(admin_user):
    client = signed_in(admin_user)
    response = client.post("/canned-replies/new/", EVERY_LANGUAGE)
    assert response.status_code == 302 and response["Location"] == "/canned-replies/"
    reply = CannedReply.objects.get(partner=admin_user.membership.partner)
    assert reply.body_ru == "Мы получили ваш платеж." and reply.title_zh_hans == "已收到付款"
    assert reply.missing_languages() == []
    assert Event.objects.filter(object_id=reply.pk, action="created").count() == 1
    html = client.get("/canned-replies/").content.decode()
    assert "Written in every language" in row(html, reply)


def test_the_list_shows_which_languages_are_missing(admin_user):
    reply = canned(admin_user, title="Refund", body="Refunded.", body_fr="Remboursé.")
    html = signed_in(admin_user).get("/canned-replies/").content.decode()
    missing = row(html, reply).split("data-missing>", 1)[1]
    for code in ("zh-hans", "es", "it", "pt-br", "ru"):
        assert f'lang="{code}"' in missing
    assert 'lang="fr"' not in missing and 'lang="en"' not in missing


def test_the_api_lists_the_same_missing_languages(admin_user):
    reply = canned(admin_user, title="Refund", body="Refunded.", body_fr="Remboursé.")
    answer = signed_in(admin_user).get(f"/api/canned-replies/{reply.pk}/").json()
    assert answer["missing_languages"] == reply.missing_languages()
    assert answer["missing_languages"] == [
        code for code in settings.LANGUAGE_CODES if code not in ("en", "fr")
    ]


def test_editing_one_language_keeps_the_others(admin_user):
    reply = canned(admin_user, **{k: v for k, v in EVERY_LANGUAGE.items() if k != "body_it"})
    form = {k: v for k, v in EVERY_LANGUAGE.items() if k != "body_it"}
    form["body_it"] = "Abbiamo ricevuto il Suo pagamento, grazie."
    response = signed_in(admin_user).post(f"/canned-replies/{reply.pk}/", form)
    assert response.status_code == 302
    reply = CannedReply.objects.get(pk=reply.pk)
    assert reply.body_it == "Abbiamo ricevuto il Suo pagamento, grazie."
    assert reply.body_ru == "Мы получили ваш платеж." and reply.missing_languages() == []
    event = Event.objects.get(object_id=reply.pk, action="updated")
    assert event.data["fields"] == ["body_it"]


def test_clearing_a_language_makes_it_missing_and_english_stays_required(admin_user):
    reply = canned(admin_user, **EVERY_LANGUAGE)
    client = signed_in(admin_user)
    client.post(f"/canned-replies/{reply.pk}/", EVERY_LANGUAGE | {"body_ru": ""})
    assert CannedReply.objects.get(pk=reply.pk).missing_languages() == ["ru"]
    refused = client.post(f"/canned-replies/{reply.pk}/", EVERY_LANGUAGE | {"body_en": ""})
    assert refused.status_code == 200 and "English is required." in refused.content.decode()
    assert CannedReply.objects.get(pk=reply.pk).body_en == "We received your payment."


def test_an_admin_deletes_one(admin_user):
    reply = canned(admin_user)
    response = signed_in(admin_user).post(f"/canned-replies/{reply.pk}/delete/")
    assert response.status_code == 302 and not CannedReply.objects.filter(pk=reply.pk).exists()


def test_agents_use_canned_replies_but_do_not_manage_them(admin_user, agent_user):
    reply = canned(admin_user)
    client = signed_in(agent_user)
    for url in ("/canned-replies/", "/canned-replies/new/", f"/canned-replies/{reply.pk}/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/canned-replies/{reply.pk}/delete/").status_code == 403
    assert CannedReply.objects.filter(pk=reply.pk).exists()
    nav = signed_in(agent_user).get("/").content.decode()
    assert 'href="/canned-replies/"' not in nav
    assert 'href="/canned-replies/"' in signed_in(admin_user).get("/").content.decode()


def test_another_partners_canned_reply_is_not_found(admin_user, other_admin_user):
    reply = canned(admin_user)
    client = signed_in(other_admin_user)
    assert client.get(f"/canned-replies/{reply.pk}/").status_code == 404
    assert client.post(f"/canned-replies/{reply.pk}/delete/").status_code == 404
    assert f'data-canned-reply="{reply.pk}"' not in client.get("/canned-replies/").content.decode()


def test_the_list_costs_the_same_queries_however_many_replies(
    admin_user, django_assert_max_num_queries
):
    canned(admin_user)
    client = signed_in(admin_user)
    client.get("/canned-replies/")
    with django_assert_max_num_queries(8):
        assert client.get("/canned-replies/").status_code == 200
    for n in range(5):
        canned(admin_user, title=f"Reply {n}", body="Text.")
    with django_assert_max_num_queries(8):
        assert client.get("/canned-replies/").status_code == 200
