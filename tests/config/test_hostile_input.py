"""The red team's 500s, each now a clear 400 or 404: nesting, NUL bytes, ``²``, long usernames,
dates outside 2000-01-01 … 2100-12-31, an over-long status-page reply, unknown API routes."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.support.billing_helpers import customer_with_subscription, invoice_due, publish
from tests.support.factories import TicketFactory
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db
NESTED = "[" * 1000 + "]" * 1000


def test_it_refuses_deeply_nested_json_with_a_400_signed_in_or_not(api, agent_user):
    for client, path in ((api(None), "/api/auth/token/"), (api(agent_user), "/api/tickets/")):
        response = client.post(path, NESTED, content_type="application/json")
        assert response.status_code == 400, path
        assert response.json()["detail"]


def test_it_refuses_a_nul_byte_in_a_json_string(api, admin_user):
    response = api(admin_user).post(
        "/api/customers/", {"name": "A\x00B", "email": "a@example.com"}, format="json"
    )
    assert response.status_code == 400


def test_it_refuses_a_username_longer_than_any_before_django_axes_sees_it(api):
    response = api(None).post("/api/auth/token/", {"username": "u" * 300, "password": "x"})
    assert response.status_code == 400
    assert "username" in response.json()


@pytest.mark.parametrize("path", ["/api/schema/?version=%00", "/customers/?q=%00", "/ops/?q=%00"])
def test_it_refuses_a_nul_byte_in_a_query_with_a_400(path, operator_user, agent_user):
    user = operator_user if path.startswith("/ops/") else agent_user
    assert signed_in(user).get(path).status_code == 400


@pytest.mark.parametrize("path", ["/api/customers/", "/customers/new/"])
def test_a_multipart_body_without_a_boundary_is_a_400(path, admin_user):
    response = signed_in(admin_user).post(path, data=b"name=x", content_type="multipart/form-data")
    assert response.status_code == 400
    assert b"multipart" in response.content


def test_a_status_token_with_a_nul_byte_is_no_such_page():
    assert signed_in(None).get("/status/abc%00/").status_code == 404


def test_a_status_page_reply_with_a_nul_byte_or_over_20000_characters_is_refused(partner):
    ticket = TicketFactory(customer__partner=partner)
    client = signed_in(None)
    url = f"/status/{ticket.status_token}/reply/"
    assert client.post(url, {"body": "hi\x00"}).status_code == 400
    assert client.post(url, {"body": "x" * 20001}).status_code == 400
    assert not ticket.messages.exists()
    assert client.post(url, {"body": "x" * 20000}).status_code == 302


def test_a_superscript_two_is_no_version_and_no_customer(partner, agent_user):
    publish(partner)
    assert (
        signed_in(None).get(f"/p/{partner.slug}/collections-policy/?version=%C2%B2").status_code
        == 404
    )
    assert signed_in(agent_user).get("/tickets/new/?customer=%C2%B2").status_code == 200


def test_it_refuses_a_nul_byte_in_a_ready_to_suspend_note(partner, admin_user):
    client = signed_in(admin_user)
    for action in ("dismiss", "suspend"):
        response = client.post(f"/subscriptions/ready-to-suspend/1/{action}/", {"note": "a\x00"})
        assert response.status_code == 400


def test_it_refuses_dates_outside_2000_to_2100(api, partner, admin_user, agent_user):
    customer, _subscription = customer_with_subscription(partner)
    response = api(admin_user).post(
        "/api/invoices/",
        {
            "customer": customer.pk,
            "number": "INV-FAR",
            "amount": "10.00",
            "issue_date": "2026-01-01",
            "due_date": "9999-12-31",
        },
        format="json",
    )
    assert response.status_code == 400 and "due_date" in response.json()
    invoice = invoice_due(customer, due=timezone.localdate() - timedelta(days=3))
    response = api(agent_user).post(
        f"/api/invoices/{invoice.pk}/payments/", {"amount": "1", "date": "0190-07-18"}
    )
    assert response.status_code == 400 and "date" in response.json()
    assert not invoice.payments.exists()


def test_unknown_api_routes_and_other_partners_objects_answer_a_json_404(
    api, partner, other_admin_user
):
    customer, _subscription = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    for path in ("/api/nothing-here/", f"/api/invoices/{invoice.pk}/"):
        response = api(other_admin_user).get(path)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content)["detail"]


def test_the_payments_list_is_paginated_like_every_list(api, partner, agent_user):
    customer, _subscription = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    data = api(agent_user).get(f"/api/invoices/{invoice.pk}/payments/").json()
    assert data["count"] == 0 and data["results"] == []


def test_an_id_beyond_a_bigint_is_a_400_in_a_body_and_a_404_in_a_path(api, partner, admin_user):
    huge = 10**30
    client = api(admin_user)
    body = {"customer": huge, "category": "billing_question", "subject": "s", "description": "d"}
    response = client.post("/api/tickets/", body, format="json")
    assert response.status_code == 400
    assert "customer" in response.json()
    response = client.post("/api/tickets/bulk/", {"ids": [huge], "action": "close"}, format="json")
    assert response.status_code == 400
    assert client.get(f"/api/tickets/{huge}/").status_code == 404


def test_a_session_post_without_csrf_gets_json_under_the_api(agent_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent_user)
    unknown = client.post("/api/partners/-1/webhook-secret/")
    assert (unknown.status_code, unknown["Content-Type"]) == (404, "application/json")
    refused = client.post("/api/tickets/", {"subject": "x"})
    assert (refused.status_code, refused["Content-Type"]) == (403, "application/json")
    assert "CSRF" in refused.json()["detail"]
    page = client.post("/tickets/new/", {"subject": "x"})
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")
