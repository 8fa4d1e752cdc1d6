"""Requests fired at the same moment, each on its own thread and database connection (the
PostgreSQL race tests use it)."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; run with DATABASE_URL=postgres://…")


def race(*requests):
    """Run each (user, path, body) POST at once; the responses, in the order given."""
    barrier, results = threading.Barrier(len(requests)), [None] * len(requests)

    def run(index, user, path, body):
        client = APIClient()
        client.force_authenticate(user)
        barrier.wait()
        try:
            results[index] = client.post(path, body, format="json")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, *req)) for i, req in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results
