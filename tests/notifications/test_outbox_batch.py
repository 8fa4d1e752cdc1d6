"""The batch entry point and batched delivery: one INSERT per batch, a key never twice, one task
per hundred rows, one SMTP connection per task, every outcome recorded."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notifications import tasks
from notifications.delivery import notifications_deliver
from notifications.models import Notification
from notifications.services import Email, notifications_queue_many
from partners.models import Event
from tests.support.email_context import context_for

pytestmark = pytest.mark.django_db(transaction=True)


def batch(partner, keys, language="fr"):
    return [
        Email(
            partner=partner,
            kind="ticket_received",
            recipient=f"c{n}@customer.example",
            language=language,
            context=context_for("ticket_received", ticket_id=n),
            key=key,
        )
        for n, key in enumerate(keys)
    ]


def test_a_batch_is_written_in_one_insert_and_sent_once_after_commit(partner):
    keys = [f"ticket:{n}:received" for n in range(5)]
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        written = notifications_queue_many(emails=batch(partner, keys))
        assert mail.outbox == []  # nothing leaves before the commit
    inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1 and "ON CONFLICT" in inserts[0]
    assert [row.idempotency_key for row in written] == keys and all(row.pk for row in written)
    assert sorted(m.to[0] for m in mail.outbox) == [f"c{n}@customer.example" for n in range(5)]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}
    assert Event.objects.filter(action="sent").count() == 5
    assert all(Notification.objects.values_list("subject", flat=True))


def test_keys_seen_before_or_twice_in_the_batch_give_no_second_row(partner):
    with transaction.atomic():
        notifications_queue_many(emails=batch(partner, ["ticket:1:received"]))
    with transaction.atomic():
        written = notifications_queue_many(
            emails=batch(partner, ["ticket:1:received", "ticket:2:received", "ticket:2:received"])
        )
    assert [row.idempotency_key for row in written] == ["ticket:2:received"]
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2


def test_a_rollback_leaves_no_row_of_the_batch(partner):
    with pytest.raises(RuntimeError), transaction.atomic():
        notifications_queue_many(emails=batch(partner, ["a:1", "a:2"]))
        raise RuntimeError("the run failed")
    assert Notification.objects.count() == 0 and mail.outbox == []


def test_a_batch_with_an_unknown_kind_is_refused_whole(partner):
    emails = batch(partner, ["a:1"]) + [
        Email(partner, "no_such_kind", "x@y.example", "en", {}, "k")
    ]
    with pytest.raises(ValueError), transaction.atomic():
        notifications_queue_many(emails=emails)
    assert Notification.objects.count() == 0


def test_a_large_batch_is_handed_over_a_hundred_ids_per_task(partner, monkeypatch):
    handed = []
    monkeypatch.setattr(tasks.deliver_many, "apply_async", lambda args, **kw: handed.append(args))
    with transaction.atomic():
        notifications_queue_many(emails=batch(partner, [f"k:{n}" for n in range(250)]))
    assert [len(ids) for (ids,) in handed] == [100, 100, 50]


class CountingBackend(EmailBackend):
    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return super().open()


class RefuseOne(CountingBackend):
    def send_messages(self, messages):
        if messages[0].to[0] == "c1@customer.example":
            raise smtplib.SMTPRecipientsRefused({"c1@customer.example": (550, b"No such user")})
        return super().send_messages(messages)


def queued(partner, n):
    with transaction.atomic():
        tasks.broker_pause_reset()
        return [
            row.pk
            for row in notifications_queue_many(emails=batch(partner, [f"q:{i}" for i in range(n)]))
        ]


def test_a_task_sends_its_rows_over_one_connection_and_records_them_in_bulk(partner, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    ids = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "hand_over_many", lambda ids_: len(ids_))
        patch.setattr("notifications.services.hand_over_many", lambda ids_: len(ids_))
        ids = queued(partner, 4)
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = 0
    with CaptureQueriesContext(connection) as captured:
        outcomes = notifications_deliver(notification_ids=ids)
    assert {a.status for a in outcomes.values()} == {"sent"} and len(mail.outbox) == 4
    assert CountingBackend.opened == 1
    assert len(captured.captured_queries) <= 8  # claim, senders, one UPDATE, one Event INSERT …
    # A second worker handed the same ids (a sweep racing the task) sends nothing.
    assert notifications_deliver(notification_ids=ids) == {} and len(mail.outbox) == 4


def test_a_refused_recipient_costs_only_its_own_message(partner, settings):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("notifications.services.hand_over_many", lambda ids_: len(ids_))
        ids = queued(partner, 3)
    settings.EMAIL_BACKEND = f"{__name__}.RefuseOne"
    outcomes = notifications_deliver(notification_ids=ids)
    assert [outcomes[pk].status for pk in ids] == ["sent", "failed", "sent"]
    rows = Notification.objects.in_bulk(ids)
    assert [rows[pk].status for pk in ids] == ["sent", "failed", "sent"]
    assert [rows[pk].attempts for pk in ids] == [1, 1, 1]
    assert "No such user" in rows[ids[1]].last_error
