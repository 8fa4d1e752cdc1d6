"""Assert that a list endpoint's query count does not grow with the page size."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def assert_constant_in_page_size(client, url: str, rows_available: int) -> int:
    """Fetch page sizes 10 and 100 (with ≥ 100 rows there) and demand the same query count."""
    client.get(url, {"page_size": 1})  # warm-up: the role lookup is cached on a forced user
    small = queries_for(client, url, page_size=10)
    large = queries_for(client, url, page_size=100)
    body = client.get(url, {"page_size": 100}).json()
    assert len(body["results"]) == min(100, rows_available)
    assert small == large, f"{url}: {small} queries at page size 10, {large} at 100"
    return large
