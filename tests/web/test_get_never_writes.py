"""GET never changes state: every page and API route, opened by every role on the demo desk,
writes nothing to the database (sessions aside). A route added later without a sample URL here
fails the coverage test, so the rule keeps covering the whole site."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import Partner
from tests.support.routes import WRITE, concrete, sample_values, site_routes
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


@pytest.mark.parametrize("username", ["operator", "northwind-admin", "northwind-agent", None])
def test_no_get_writes_anything(demo, username):
    client = signed_in(get_user_model().objects.get(username=username) if username else None)
    values = sample_values(Partner.objects.get(slug="northwind"))
    for route in site_routes():
        url = concrete(route, values)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        writes = [q["sql"] for q in ctx.captured_queries if WRITE.match(q["sql"])]
        assert not writes, (username, url, writes)


def test_the_sample_covers_every_route(demo):
    values = sample_values(Partner.objects.get(slug="northwind"))
    unresolved = [route for route in site_routes() if "<" in concrete(route, values)]
    assert not unresolved
    assert len(site_routes()) > 60  # pages and API routes are all being walked
