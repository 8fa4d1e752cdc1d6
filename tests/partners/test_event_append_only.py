"""The audit trail is append-only in the database too: on PostgreSQL a trigger refuses UPDATE
and DELETE of an event, whatever path the SQL comes from (the model refuses them in Python)."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from core.actors import actor_for
from core.audit import event_record
from partners.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def event(partner, admin_user):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    return event_record(actor=actor_for(admin_user), obj=partner, action="updated")


@pytest.mark.parametrize(
    "change",
    [
        {"reason": "rewritten"},
        {"action": "created"},
        {"data": {"forged": True}},
        {"object_id": 999},
    ],
)
def test_the_database_refuses_to_rewrite_an_event(event, change):
    with pytest.raises(DatabaseError, match="Cannot update rows"), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(**change)
    event.refresh_from_db()
    assert (event.reason, event.action) == ("", "updated")


def test_the_database_refuses_to_delete_an_event(event):
    with pytest.raises(DatabaseError, match="Cannot delete rows"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM partners_event WHERE id = %s", [event.pk])
    assert Event.objects.filter(pk=event.pk).exists()


def test_it_refuses_to_move_an_event_to_another_partner(event, other_partner):
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(partner=other_partner)


def test_deleting_the_partner_or_the_user_still_clears_their_references(event, partner):
    actor_id = event.actor_id
    partner.delete()
    type(event.actor).objects.filter(pk=actor_id).delete()
    event.refresh_from_db()
    assert (event.partner_id, event.actor_id, event.action) == (None, None, "updated")
