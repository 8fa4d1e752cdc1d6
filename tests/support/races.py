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


def at_once(*calls):
    """Run each callable at the same moment, each on its own thread and database connection;
    what they return, in the order given."""
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def race(*requests):
    """Run each (user, path, body) POST at once; the responses, in the order given."""

    def post(user, path, body):
        client = APIClient()
        client.force_authenticate(user)
        return lambda: client.post(path, body, format="json")

    return at_once(*(post(*request) for request in requests))
