"""The outbox's Celery side: handing a row to the worker, sweeping up stragglers, and the tasks.

``hand_over`` lives beside the ``deliver`` task it publishes, so the imports run one way:
``services`` (queue, retry) → ``tasks`` (hand over, sweep) → ``delivery`` (send one row).
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import connections
from django.utils import timezone

from notifications import delivery
from notifications.models import Notification

logger = logging.getLogger(__name__)
QUEUED = Notification.Status.QUEUED

_broker_down_until = 0.0  # this process saw the broker fail; skip hand-overs until then


@shared_task(bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver(self, notification_id: int):
    attempt = delivery.notification_deliver(notification_id=notification_id)
    # The attempt count lives on the row, not in Celery. Eagerly (no broker) there is nobody to
    # wait for a countdown, so the row stays queued with its next due time for the sweeper.
    if attempt.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=attempt.retry_in)
    return attempt.status


@shared_task(ignore_result=True)
def sweep_outbox(grace_seconds: float | None = None):
    grace = timedelta(seconds=grace_seconds) if grace_seconds is not None else None
    return outbox_sweep(grace=grace)


@shared_task(ignore_result=True, acks_late=True)
def deliver_many(notification_ids: list[int]):
    """Up to ``HAND_OVER_CHUNK`` rows in one task. A row that needs another attempt stays queued
    with its next due time; the sweeper hands it over again when that time has come."""
    attempts = delivery.notifications_deliver(notification_ids=notification_ids)
    waits = {pk: a.retry_in for pk, a in attempts.items() if a.retry_in is not None}
    if waits and not deliver_many.request.is_eager:
        # Each row keeps its own due time; the slowest one's wait makes none of them early. If
        # the broker is gone, the rows stay queued and due: the sweeper hands them over.
        try:
            deliver_many.apply_async((list(waits),), countdown=max(waits.values()), retry=False)
        except Exception:
            logger.warning("Could not re-queue %s notifications for a retry.", len(waits))
    return len(attempts)


HAND_OVER_CHUNK = 100


_after_response = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")


def _in_background() -> bool:
    """Without a broker (``make run``), deliver beside the request instead of inside it."""
    return deliver.app.conf.task_always_eager and getattr(
        settings, "NOTIFICATION_DELIVER_AFTER_RESPONSE", False
    )


def _deliver_in_background(notification_ids: list[int]) -> None:
    """One job of the background thread: the rows, then any straggler a crash left queued (a
    lost job is only a row still queued, which this sweep, or beat's, hands over again)."""
    try:
        deliver_many.apply((notification_ids,))
        outbox_sweep()
    except Exception:
        logger.exception("Background delivery of %s failed; the sweeper retries.", notification_ids)
    finally:
        connections.close_all()  # this thread's own connections


def hand_over_many(notification_ids: list[int]) -> int:
    """Give a batch of rows to Celery, ``HAND_OVER_CHUNK`` ids per task, over one broker
    connection. Never raises; returns how many ids were handed over (the rest stay queued for the
    sweeper)."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return 0
    chunks = [
        notification_ids[start : start + HAND_OVER_CHUNK]
        for start in range(0, len(notification_ids), HAND_OVER_CHUNK)
    ]
    handed = 0
    if _in_background():
        _after_response.submit(_deliver_in_background, list(notification_ids))
        return len(notification_ids)
    try:
        if deliver_many.app.conf.task_always_eager:
            for chunk in chunks:
                deliver_many.apply_async((chunk,))
                handed += len(chunk)
            return handed
        with deliver_many.app.producer_or_acquire() as producer:
            for chunk in chunks:
                deliver_many.apply_async((chunk,), retry=False, producer=producer)
                handed += len(chunk)
    except Exception:
        _broker_down_until = time.monotonic() + getattr(
            settings, "NOTIFICATION_BROKER_PAUSE_SECONDS", 10
        )
        logger.warning(
            "Could not hand %s notifications to Celery; the outbox sweeper will.",
            len(notification_ids) - handed,
            exc_info=True,
        )
    return handed


def hand_over(notification_id: int) -> bool:
    """Give one row to Celery. Never raises: a broker outage must not fail the change that queued
    it.

    After a failure the process stops trying for a few seconds: every request of an outage would
    otherwise wait for its own connection attempt. The rows stay queued; the sweeper hands them
    over.
    """
    global _broker_down_until
    if _in_background():
        _after_response.submit(_deliver_in_background, [notification_id])
        return True
    if time.monotonic() < _broker_down_until:
        return False
    try:
        # No publish retries: if the broker is down, the request should not hang; the sweeper
        # retries.
        deliver.apply_async((notification_id,), retry=False)
    except Exception:
        _broker_down_until = time.monotonic() + getattr(
            settings, "NOTIFICATION_BROKER_PAUSE_SECONDS", 10
        )
        logger.warning(
            "Could not hand notification %s to Celery; the outbox sweeper will.",
            notification_id,
            exc_info=True,
        )
        return False
    return True


def broker_pause_reset() -> None:
    """Forget a broker failure seen by this process (tests; a process that knows the broker is
    back).
    """
    global _broker_down_until
    _broker_down_until = 0.0


def outbox_sweep(*, grace: timedelta | None = None, limit: int = 1000) -> int:
    """Hand to Celery again the queued rows whose attempt is overdue by more than ``grace``.

    They were written while the broker was down, or their task was lost with a worker. Each row is
    claimed (its due time moved to now) before it is handed over, so the next sweep leaves it alone
    for another ``grace`` while the worker gets to it. They go over in batches
    (``hand_over_many``: one ``deliver_many`` task per ``HAND_OVER_CHUNK`` rows, over one broker
    connection), whose claim in the worker keeps each row sent once.
    """
    grace = (
        grace
        if grace is not None
        else timedelta(seconds=getattr(settings, "NOTIFICATION_SWEEP_GRACE_SECONDS", 120))
    )
    now = timezone.now()
    due = Notification.objects.filter(status=QUEUED, next_attempt_at__lte=now - grace)
    ids = list(due.order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])
    if not ids:
        return 0
    Notification.objects.filter(pk__in=ids, status=QUEUED).update(next_attempt_at=now)
    handed = hand_over_many(ids)
    if handed < len(ids):
        # The broker is still down: leave the rest due, for the next sweep (the chunks go in
        # order, so the first ``handed`` ids are the ones Celery has).
        Notification.objects.filter(pk__in=ids[handed:], status=QUEUED).update(
            next_attempt_at=now - grace
        )
    return handed
