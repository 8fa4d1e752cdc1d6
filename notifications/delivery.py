"""Sending one outbox row, exactly once (row lock + status check), and re-queuing stragglers."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification


def deliver(*, notification_id: int, task=None) -> None:
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status != Notification.Status.QUEUED:
            return
        notification.attempts += 1
        try:
            _send(notification)
        except Exception as exc:  # any SMTP/network failure: record it and retry with backoff
            error = exc
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            final = task is None or task.request.retries >= task.max_retries
            if final:
                notification.status = Notification.Status.FAILED
            notification.save(update_fields=["attempts", "last_error", "status"])
            if not final:
                transaction.on_commit(lambda: task.retry(countdown=2 ** task.request.retries * 30, exc=error))
            return
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])


def _send(notification: Notification) -> None:
    message = EmailMultiAlternatives(
        subject=notification.subject, body=notification.body_text, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient], headers={"Message-ID": notification.message_id})
    message.attach_alternative(notification.body_html, "text/html")
    message.send()


def sweep(older_than: timedelta = timedelta(minutes=2)) -> int:
    """Re-hand to Celery the rows still queued a while after commit (the broker was down then)."""
    from notifications.tasks import deliver as deliver_task

    cutoff = timezone.now() - older_than
    ids = list(Notification.objects.filter(status=Notification.Status.QUEUED, created_at__lt=cutoff)
               .values_list("id", flat=True)[:1000])
    for notification_id in ids:
        deliver_task.delay(notification_id)
    return len(ids)
