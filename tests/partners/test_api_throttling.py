"""Scoped rate limits on sign-in and writes, counted in the shared cache."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def rates(settings):
    """Set rates for one test; the cache (where the counts live) starts and ends empty."""

    def apply(**scoped):
        current = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**current, **scoped},
        }

    cache.clear()
    yield apply
    cache.clear()


def test_it_throttles_token_requests_per_address(api, agent_user, rates):
    rates(sign_in="3/min")
    client = api()
    for _ in range(3):
        client.post("/api/auth/token/", {"username": "nobody", "password": "x"}, format="json")
    response = client.post(
        "/api/auth/token/",
        {"username": agent_user.username, "password": "pw-for-tests-1"},
        format="json",
    )
    assert response.status_code == 429


def test_it_throttles_writes_per_user_and_leaves_reads_alone(api, agent_user, admin_user, rates):
    rates(write="2/min")
    client = api(agent_user)
    body = {"name": "Acme", "email": "billing@acme.example", "language": "en"}
    codes = [client.post("/api/customers/", body, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert client.get("/api/customers/").status_code == 200
    # Another user has their own count.
    assert api(admin_user).post("/api/customers/", body, format="json").status_code == 201


def test_it_throttles_the_payment_webhook_per_partner_url(api, partner, other_partner, rates):
    rates(webhook="2/min")
    client = api()

    def deliver(slug):
        return client.post(
            f"/api/webhooks/payments/{slug}/", b"{}", content_type="application/json"
        )

    deliver(partner.slug), deliver(partner.slug)
    mine, theirs = deliver(partner.slug), deliver(other_partner.slug)
    assert mine.status_code == 429
    assert theirs.status_code == 401  # counted apart: refused only for having no valid signature
