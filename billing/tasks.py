"""Periodic billing work (see config/schedule.py). Tasks only call services."""

from datetime import date

from celery import shared_task
from django.utils import timezone

from billing import services


def _day(as_of: str | None) -> date:
    return date.fromisoformat(as_of) if as_of else timezone.localdate()


@shared_task
def run_collections(as_of: str | None = None) -> dict:
    """Daily dunning, each partner on its own today; ``as_of`` (YYYY-MM-DD) replays a given day
    for every partner."""
    day = date.fromisoformat(as_of) if as_of else None
    return services.collections_run(as_of=day).as_dict()


@shared_task
def send_data_deletion_reminders(as_of: str | None = None) -> int:
    return services.data_deletion_reminders_send(as_of=_day(as_of))
