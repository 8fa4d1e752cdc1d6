"""Celery tasks: thin wrappers around notifications.delivery."""

from datetime import timedelta

from celery import shared_task

from notifications import delivery


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
    return delivery.outbox_sweep(grace=grace)
