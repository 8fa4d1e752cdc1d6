"""Helpers every billing service shares: today's date, row locks. (Who may act is the actor's own
question: ``core.actors.Actor``'s guards.)"""

from django.db import connection
from django.utils import timezone


def today():
    return timezone.localdate()


def locked(queryset):
    """Rows locked for this transaction; on PostgreSQL only the named table's rows (``FOR NO KEY
    UPDATE OF``), so inserts that merely reference them (payments, events) are not held up."""
    if connection.features.has_select_for_update_of:
        return queryset.select_for_update(of=("self",), no_key=True)
    return queryset.select_for_update()
