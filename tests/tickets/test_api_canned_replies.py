"""Canned replies: partner users read them, admins write them in every language; tenant-scoped."""

import pytest

from tickets.models import CannedReply

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "title": "Payment received",
    "body": "We received your payment.",
    "title_fr": "Paiement reçu",
    "body_fr": "Nous avons reçu votre paiement.",
}


def test_an_admin_creates_a_translated_canned_reply(api, admin_user):
    response = api(admin_user).post("/api/canned-replies/", PAYLOAD, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["title_en"] == "Payment received"
        and body["body_fr"] == "Nous avons reçu votre paiement."
    )
    assert body["body_ru"] is None


def test_an_agent_reads_but_may_not_write(api, admin_user, agent_user):
    reply_id = api(admin_user).post("/api/canned-replies/", PAYLOAD, format="json").json()["id"]
    assert api(agent_user).get("/api/canned-replies/").json()["count"] == 1
    assert api(agent_user).post("/api/canned-replies/", PAYLOAD, format="json").status_code == 403
    assert api(agent_user).delete(f"/api/canned-replies/{reply_id}/").status_code == 403


def test_an_update_keeps_the_languages_left_out(api, admin_user):
    reply_id = api(admin_user).post("/api/canned-replies/", PAYLOAD, format="json").json()["id"]
    body = (
        api(admin_user)
        .patch(f"/api/canned-replies/{reply_id}/", {"body_es": "Recibimos su pago."}, format="json")
        .json()
    )
    assert (
        body["body_es"] == "Recibimos su pago."
        and body["body_fr"] == "Nous avons reçu votre paiement."
    )


def test_english_is_required(api, admin_user):
    response = api(admin_user).post(
        "/api/canned-replies/", {"title_fr": "x", "body_fr": "y"}, format="json"
    )
    assert response.status_code == 400 and {"title", "body"} <= set(response.json())


def test_another_partners_canned_replies_are_invisible(api, admin_user, other_agent_user):
    reply_id = api(admin_user).post("/api/canned-replies/", PAYLOAD, format="json").json()["id"]
    assert api(other_agent_user).get("/api/canned-replies/").json()["count"] == 0
    assert api(other_agent_user).get(f"/api/canned-replies/{reply_id}/").status_code == 404


def test_an_admin_deletes_one(api, admin_user):
    reply_id = api(admin_user).post("/api/canned-replies/", PAYLOAD, format="json").json()["id"]
    assert api(admin_user).delete(f"/api/canned-replies/{reply_id}/").status_code == 204
    assert not CannedReply.objects.exists()


def test_another_partners_canned_reply_cannot_be_used_in_a_reply(api, admin_user, other_agent_user):
    from tests.support.ticket_states import ticket_in

    reply_id = api(admin_user).post("/api/canned-replies/", PAYLOAD, format="json").json()["id"]
    ticket = ticket_in("open", other_agent_user)
    response = api(other_agent_user).post(
        f"/api/tickets/{ticket.pk}/messages/", {"canned_reply": reply_id}, format="json"
    )
    assert response.status_code == 400 and "canned_reply" in response.json()
