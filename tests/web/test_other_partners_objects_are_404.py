"""Tenancy from the outside: a partner user who puts another partner's ids into any page or API
route, by GET or POST, gets 404 (403 on operator-console routes, 405 where a method is not
served; a GET on an action URL leads to its page, which is 404) and changes nothing."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from partners.models import Partner
from tests.support.routes import WRITE, concrete, sample_values, site_routes
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db

PUBLIC = ("status/", "p/")  # reached by secret token or public slug, not by tenancy


def object_routes():
    return [
        r for r in site_routes() if re.search(r"<(\w+:)?(pk|id)>", r) and not r.startswith(PUBLIC)
    ]


def allowed(client, method, own_url) -> set:
    """404 (or 405 for a method the route does not serve); 403 only where the user's role is
    refused on their own object too, which says nothing about the other partner's id."""
    with transaction.atomic():  # the probe on our own object is rolled back
        own_status = getattr(client, method)(own_url).status_code
        transaction.set_rollback(True)
    return {404, 405} | ({403} if own_status == 403 else set())


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


@pytest.mark.parametrize("username", ["northwind-admin", "northwind-agent"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_partners_ids_are_not_found_anywhere(demo, username, method):
    client = signed_in(get_user_model().objects.get(username=username))
    mine = sample_values(Partner.objects.get(slug="northwind"))
    theirs = sample_values(Partner.objects.get(slug="contoso"))
    for route in object_routes():
        url = concrete(route, theirs)
        with CaptureQueriesContext(connection) as ctx:
            response = getattr(client, method)(url)
            if method == "get" and response.status_code == 302:  # an action URL: to its page
                response = client.get(response["Location"])
        # The page above a queue's action is the queue itself, the same for everyone.
        queue = response.status_code == 200 and route.startswith("subscriptions/ready-to-suspend/")
        assert queue or response.status_code in allowed(client, method, concrete(route, mine)), (
            method,
            url,
            response.status_code,
        )
        assert not [q["sql"] for q in ctx.captured_queries if WRITE.match(q["sql"])], (method, url)


def test_every_object_route_is_walked(demo):
    assert len(object_routes()) > 40
