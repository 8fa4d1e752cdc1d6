"""GET never changes state: every page and API route, opened by every role on the demo desk,
writes nothing to the database (sessions aside). A route added later without a sample URL here
fails the coverage test, so the rule keeps covering the whole site."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from billing.models import Invoice, Statement, Subscription, SuspensionRequest
from notifications.models import Notification
from partners.models import Customer, Partner
from tests.web import signed_in
from tickets.models import Attachment, CannedReply, Escalation, Ticket

pytestmark = pytest.mark.django_db

SKIP = ("admin/", "api/schema", "api/docs", "i18n/", "logout/", "healthz")
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b(?!.*\bdjango_session\b)", re.I)


def routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def as_path(route: str) -> str | None:
    """A router's regex route as a path route (``^tickets/(?P<pk>[^/.]+)/$`` → ``tickets/<pk>/``)."""
    if "\\." in route or "format" in route:  # format-suffix variants repeat the same views
        return None
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)
    return route.replace("^", "").replace("$", "")


def site_routes():
    paths = {as_path(r) for r in routes()}
    return sorted(r for r in paths if r is not None and not r.startswith(SKIP))


def pk_of(model, partner: Partner) -> int:
    """The id of one of the partner's rows, or an id nobody has when the demo made none."""
    row = model.objects.filter(partner=partner).order_by("pk").first()
    return row.pk if row else 10**9


def sample_values(partner: Partner):
    """Ids of the demo partner's own objects, so that pages render rather than answer 404."""
    mine = {"partner": partner}
    ticket = (
        Ticket.objects.filter(escalations__isnull=False, **mine).first()
        or Ticket.objects.filter(**mine).first()
    )
    subscription = Subscription.objects.filter(**mine).first()
    statement = Statement.objects.filter(**mine).first()
    return {
        "invoices/": Invoice.objects.filter(**mine).first().pk,
        "subscriptions/": subscription.pk,
        "ops/subscriptions/": subscription.pk,
        "ready-to-suspend/": (SuspensionRequest.objects.filter(**mine).first() or subscription).pk,
        "statements/": statement.pk,
        "ops/statements/": statement.pk,
        "partners/": partner.pk,
        "customers/": Customer.objects.filter(**mine).first().pk,
        "tickets/": ticket.pk,
        "escalations/": (Escalation.objects.filter(**mine).first() or ticket).pk,
        "attachments/": pk_of(Attachment, partner),
        "files/": pk_of(Attachment, partner),
        "canned-replies/": pk_of(CannedReply, partner),
        "notifications/": pk_of(Notification, partner),
        "suspension-requests/": pk_of(SuspensionRequest, partner),
        "slug": partner.slug,
        "token": ticket.status_token,
        "action": "resolve",
    }


def concrete(route: str, values: dict) -> str:
    def fill(match):
        name = match.group(2)
        if name in values:
            return str(values[name])
        before = route[: match.start()]
        key = max(
            (k for k in values if k.endswith("/") and before.endswith(k)), key=len, default=None
        )
        return str(values[key] if key else 1)

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


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
