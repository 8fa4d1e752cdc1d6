"""Helpers for web UI tests with Django's test client."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def signed_in(user, **defaults) -> Client:
    """A test client with ``user`` signed in (``None``: anonymous)."""
    client = Client(**defaults)
    if user is not None:
        client.force_login(user, backend=MODEL_BACKEND)
    return client


def page_queries(client: Client, url: str) -> int:
    """How many SQL queries one GET of ``url`` costs (the page must answer 200)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def assert_same(client, url, grow):
    """Queries for ``url`` now, then after ``grow()`` adds rows; they must be equal."""
    client.get(url)  # warm-up (session, content types)
    before = page_queries(client, url)
    grow()
    after = page_queries(client, url)
    assert before == after, f"{url}: {before} queries before, {after} after adding rows"
    return after
