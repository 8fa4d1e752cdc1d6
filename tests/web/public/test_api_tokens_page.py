"""The account page where users see their API tokens and revoke them."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from partners.services import api_token_create

pytestmark = pytest.mark.django_db


def test_it_lists_only_the_users_own_live_tokens(client, agent_user, other_agent_user):
    mine, _token = api_token_create(user=agent_user)
    theirs, _token = api_token_create(user=other_agent_user)
    client.force_login(agent_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/account/tokens/")
    assert response.status_code == 200
    body = response.content.decode()
    assert mine.token_key[:8] in body
    assert theirs.token_key[:8] not in body
    assert theirs.digest not in body
    assert len(queries) <= 7  # the header's unread-activity count is one of them


def test_revoking_a_token_makes_it_stop_working(client, api, agent_user):
    instance, token = api_token_create(user=agent_user)
    client.force_login(agent_user)
    response = client.post("/account/tokens/revoke/", {"token": instance.digest}, follow=True)
    assert "The token has been revoked." in response.content.decode()
    api_client = api()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/me/").status_code == 401


def test_it_refuses_to_revoke_another_users_token(client, agent_user, other_agent_user):
    instance, _token = api_token_create(user=other_agent_user)
    client.force_login(agent_user)
    response = client.post("/account/tokens/revoke/", {"token": instance.digest}, follow=True)
    assert "does not exist or has already been revoked" in response.content.decode()
    assert AuthToken.objects.filter(pk=instance.pk).exists()


def test_the_page_needs_a_sign_in(client):
    assert client.get("/account/tokens/").status_code == 302
    assert client.post("/account/tokens/revoke/", {"token": "x"}).status_code == 302


def test_the_web_sign_in_is_throttled_per_address(client, agent_user, settings):
    cache.clear()
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "sign_in": "2/min"},
    }
    for _ in range(2):
        client.post("/login/", {"username": "nobody", "password": "nope"})
    response = client.post("/login/", {"username": agent_user.username, "password": "x"})
    assert response.status_code == 429
    assert "Too many sign-in attempts from your address" in response.content.decode()
    cache.clear()
