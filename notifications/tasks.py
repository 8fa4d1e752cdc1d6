from celery import shared_task

from notifications import delivery


@shared_task(bind=True, max_retries=5, acks_late=True)
def deliver(self, notification_id: int):
    delivery.deliver(notification_id=notification_id, task=self)


@shared_task
def sweep_outbox():
    delivery.sweep()
