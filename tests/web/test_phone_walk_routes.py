"""The phone walk (tests/browser/test_phone_pages.py) covers every page: each route it opens is a
page for the role it opens it as, and each route it leaves out is truly no page (a POST-only
action or a download), so a new page cannot be skipped silently."""

import pytest
from django.contrib.auth import get_user_model

from tests.support.phone_walk import NOT_PAGES, role_of, seed_phone_desk, walk
from tests.support.routes import concrete, sample_values, site_routes
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db
ERROR_PAGES = {"/ops/": 403, "/no-such-page/": 404}


def client_for(role: str):
    user = None if role == "anonymous" else get_user_model().objects.get(username=role)
    return signed_in(user)


def test_every_walked_route_is_a_page_for_its_role():
    partner = seed_phone_desk("en")
    clients = {}
    for role, url in walk(partner):
        client = clients.setdefault(role, client_for(role))
        response = client.get(url)
        expected = ERROR_PAGES.get(url, 200) if role == "northwind-admin" else 200
        assert response.status_code == expected, (role, url, response.status_code)
        assert response["Content-Type"].startswith("text/html"), (role, url)


def test_every_route_left_out_is_no_page():
    partner = seed_phone_desk("en")
    assert set(NOT_PAGES) <= set(site_routes())  # no reason kept for a route that is gone
    values = sample_values(partner)
    for route in NOT_PAGES:
        response = client_for(role_of(route)).get(concrete(route, values))
        is_page = response.status_code == 200 and response.get("Content-Type", "").startswith(
            "text/html"
        )
        assert not is_page, (route, "is a page: walk it (tests/support/phone_walk.py)")
