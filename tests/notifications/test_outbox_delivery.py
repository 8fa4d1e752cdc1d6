"""Delivery sends a row once, retries failures with backoff and marks the row failed at the end."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from core.actors import actor_for
from core.errors import InvalidTransition, NotAllowed
from notifications import tasks
from notifications.delivery import backoff_seconds, notification_deliver
from notifications.models import Notification
from notifications.services import notification_retry
from partners.models import Event
from tests.support.factories import MembershipFactory, PartnerFactory
from tests.support.outbox_helpers import queue_one

pytestmark = pytest.mark.django_db(transaction=True)
DOWN = "tests.support.outbox_helpers.DownBackend"


def test_a_row_handed_over_twice_is_sent_once(partner):
    row = queue_one(partner)
    assert notification_deliver(notification_id=row.pk).status == "skipped"
    tasks.deliver.apply(args=(row.pk,))
    row.refresh_from_db()
    assert (
        len(mail.outbox) == 1
        and row.status == "sent"
        and row.attempts == 1
        and row.sent_at is not None
    )


def test_the_email_carries_the_rows_message_id_and_comes_from_the_partner(partner):
    row = queue_one(partner, language="pt-br")
    message = mail.outbox[0]
    assert message.extra_headers["Message-ID"] == row.message_id
    assert message.message()["Message-ID"] == row.message_id
    assert partner.name in message.from_email and message.reply_to == [partner.support_email]
    assert message.subject == row.subject and message.body == row.body_text
    assert message.alternatives[0][1] == "text/html" and message.alternatives[0][0] == row.body_html


def test_a_failed_attempt_keeps_the_row_queued_with_the_error_and_a_later_due_time(
    partner, settings
):
    settings.EMAIL_BACKEND = DOWN
    before = timezone.now()
    row = queue_one(partner)  # eager delivery fails inside on_commit: the caller must not notice
    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 1
    assert row.last_error.startswith("SMTPServerDisconnected")
    assert (
        before + timedelta(seconds=50)
        < row.next_attempt_at
        < timezone.now() + timedelta(seconds=70)
    )


def test_the_worker_task_asks_celery_to_retry_after_the_backoff(partner, settings, monkeypatch):
    settings.EMAIL_BACKEND = DOWN
    settings.CELERY_TASK_ALWAYS_EAGER = True
    row = queue_one(partner)
    requested = {}

    class Retry(Exception):
        pass

    def fake_retry(countdown=None, **kwargs):
        requested["countdown"] = countdown
        return Retry()

    monkeypatch.setattr(tasks.deliver, "retry", fake_retry)
    tasks.deliver.push_request(is_eager=False, retries=0)
    try:
        with pytest.raises(Retry):
            tasks.deliver.run(row.pk)
    finally:
        tasks.deliver.pop_request()
    # The second attempt failed: the wait doubles (base 60 s, ±10 % jitter).
    assert 108 <= requested["countdown"] <= 132


def test_after_the_last_attempt_the_row_is_failed_with_its_last_error(partner, settings):
    settings.EMAIL_BACKEND = DOWN
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    row = queue_one(partner)
    outcomes = [notification_deliver(notification_id=row.pk).status for _ in range(3)]
    row.refresh_from_db()
    assert outcomes == ["retry", "failed", "skipped"]
    assert (
        row.status == "failed" and row.attempts == 3 and "SMTPServerDisconnected" in row.last_error
    )
    assert (
        Event.objects.filter(
            object_type="notification", object_id=row.pk, to_state="failed"
        ).count()
        == 1
    )


def test_a_permanent_refusal_fails_at_once(partner, settings):
    settings.EMAIL_BACKEND = "tests.support.outbox_helpers.RefusingBackend"
    row = queue_one(partner)
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == 1 and "550" in row.last_error


def test_a_broker_outage_at_commit_leaves_the_row_queued_and_the_caller_unharmed(
    partner, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.deliver, "apply_async", broker_down)
    row = queue_one(partner)
    row.refresh_from_db()
    assert row.status == "queued" and row.attempts == 0 and mail.outbox == []


def test_backoff_doubles_per_attempt_and_is_capped(settings):
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 3600
    for attempts, expected in [(1, 60), (2, 120), (3, 240), (5, 960), (9, 3600)]:
        assert expected * 0.9 <= backoff_seconds(attempts) <= expected * 1.1


def failed_row(partner, settings):
    settings.EMAIL_BACKEND = DOWN
    settings.NOTIFICATION_MAX_ATTEMPTS = 1
    row = queue_one(partner)
    row.refresh_from_db()
    assert row.status == "failed"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return row


def test_a_partner_admin_can_retry_a_failed_email_and_it_is_sent(partner, admin_user, settings):
    row = failed_row(partner, settings)
    settings.NOTIFICATION_MAX_ATTEMPTS = 6
    notification_retry(actor=actor_for(admin_user), notification=row)
    row.refresh_from_db()
    assert row.status == "sent" and len(mail.outbox) == 1
    assert Event.objects.filter(
        object_type="notification", object_id=row.pk, action="retried"
    ).exists()


def test_only_failed_emails_can_be_retried(partner, admin_user):
    row = queue_one(partner)
    with pytest.raises(InvalidTransition):
        notification_retry(actor=actor_for(admin_user), notification=row)


def test_an_agent_or_another_partners_admin_cannot_retry(partner, agent_user, settings):
    row = failed_row(partner, settings)
    stranger = MembershipFactory(partner=PartnerFactory(), role="admin").user
    for user in (agent_user, stranger):
        with pytest.raises(NotAllowed):
            notification_retry(actor=actor_for(user), notification=row)
    assert Notification.objects.get(pk=row.pk).status == "failed"


def test_after_a_broker_failure_the_process_stops_trying_for_a_moment(partner, monkeypatch):
    calls = []

    def broker_down(*args, **kwargs):
        calls.append(args)
        raise OperationalError("Connection refused.")

    monkeypatch.setattr(tasks.deliver, "apply_async", broker_down)
    for n in range(5):
        queue_one(partner, key=f"k{n}")
    assert (
        len(calls) == 1
    )  # one request paid for the connection attempt, the others went on at once
    assert Notification.objects.filter(status="queued", attempts=0).count() == 5
