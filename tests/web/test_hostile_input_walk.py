"""Hostile input never makes a 500, and a refusal writes nothing: every route of the site (from the
URL resolver), opened by every role and anonymously on the demo desk, takes NUL bytes, ``²`` (a
digit to ``str.isdigit`` but not to ``int``), 10 KB strings, 9999-12-31, -1, numbers beyond a
bigint, deeply nested JSON and values of the wrong type in its path, its query and its body."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from notifications.models import Notification
from partners.models import Event, Partner
from tests.support.routes import concrete, sample_values, site_routes
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db

LONG = "x" * 10_000
NESTED = "[" * 1000 + "]" * 1000
# Path parameters: each route once per value, in every parameter at once.
IN_PATH = ["%00", "%C2%B2", "9" * 25]
# The names the desk's forms, filters and serializers use: a hostile value lands in each.
FIELDS = (
    "q page ordering status customer assignee priority category version as_of date due_date "
    "issue_date amount number note reason body resolution summary steps_taken answer question "
    "name email username password lang language currency partner subscription invoice "
    "reference role offer quantity credit after_days next"
).split()
ODD = ["²", LONG, "9999-12-31", "-1", "9" * 25]


def rotated(values: list, shift: int) -> dict:
    """Each field one of ``values``, the next field the next one (a NUL goes alone: it is refused
    before any other value is read)."""
    return {name: values[(i + shift) % len(values)] for i, name in enumerate(FIELDS)}


IN_QUERY = [dict.fromkeys(FIELDS, "\x00"), rotated(ODD, 0), rotated(ODD, 2)]
IN_JSON = [
    NESTED,
    json.dumps(dict.fromkeys(FIELDS, "\x00")),
    json.dumps(rotated([[[{"a": 1}]], {"b": None}, True, 10**30, "0190-07-18", *ODD], 0)),
    json.dumps([1, 2, 3]),
]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def hostile_paths(route: str, values: dict):
    """The route with each hostile value in every parameter (``int`` ones do not resolve)."""
    for value in IN_PATH:
        yield "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    yield concrete(route, values).rstrip("/") + "%00/"


def written() -> tuple[int, int]:
    return Event.objects.count(), Notification.objects.count()


@pytest.mark.parametrize("username", ["operator", "northwind-admin", "northwind-agent", None])
def test_no_hostile_input_makes_a_500_or_half_writes(demo, username):
    client = signed_in(get_user_model().objects.get(username=username) if username else None)
    values = sample_values(Partner.objects.get(slug="northwind"))
    failures = []

    def check(method, url, response, before=None):
        if response.status_code >= 500:
            failures.append((method, url[:120], response.status_code))
        if before is not None and response.status_code >= 400 and written() != before:
            failures.append((method, url[:120], "refused but wrote", response.status_code))

    for route in site_routes():
        url = concrete(route, values)
        if "<" in route:
            for path in hostile_paths(route, values):
                check("GET", path, client.get(path))
        for query in IN_QUERY:
            check("GET", url, client.get(url, query))
        for form in IN_QUERY:
            before = written()
            check("POST form", url, client.post(url, form), before)
        if url.startswith("/api/"):
            for body in IN_JSON:
                before = written()
                response = client.post(url, body, content_type="application/json")
                check("POST json", url, response, before)
    assert not failures, failures
