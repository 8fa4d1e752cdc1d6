"""core.queries.key_lookups_by_index: the import's own transaction prices random reads as cached
ones; the server's setting is untouched before and after."""

import pytest
from django.db import connection, transaction

from core.queries import key_lookups_by_index
from tests.support.races import postgres_only  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("postgres_only")]


def random_page_cost() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_it_lasts_for_the_transaction_only():
    before = random_page_cost()
    with transaction.atomic():
        key_lookups_by_index()
        assert random_page_cost() == "1.1"
    assert random_page_cost() == before != "1.1"


@pytest.mark.django_db(transaction=True)
def test_it_does_nothing_outside_a_transaction():
    before = random_page_cost()
    key_lookups_by_index()
    assert random_page_cost() == before
