"""The sweeper hands over rows left queued (broker down at commit, task lost), once, when due."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from config.schedule import BEAT_SCHEDULE
from notifications import tasks
from notifications.models import Notification
from notifications.tasks import broker_pause_reset, outbox_sweep
from tests.support.outbox_helpers import queue_one

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(monkeypatch):
    """A switch for the broker: ``broker.down = True`` makes every hand-over fail (one row's
    ``deliver`` and a batch's ``deliver_many`` alike); ``published`` counts the tasks handed
    over, ``batches`` the ids of each ``deliver_many``."""

    class Broker:
        published = 0
        batches: list
        _down = False

        @property
        def down(self):
            return self._down

        @down.setter
        def down(self, value):
            self._down = value
            if not value:
                broker_pause_reset()  # the broker is back: this process may publish again

    broker = Broker()
    broker.batches = []

    def publishing(task, batch: bool):
        real = task.apply_async

        def apply_async(args=(), *rest, **kwargs):
            if broker.down:
                raise OperationalError("Error 111 connecting to the broker. Connection refused.")
            broker.published += 1
            if batch:
                broker.batches.append(list(args[0]))
            return real(args, *rest, **kwargs)

        monkeypatch.setattr(task, "apply_async", apply_async)

    publishing(tasks.deliver, batch=False)
    publishing(tasks.deliver_many, batch=True)
    return broker


def age(minutes):
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=minutes))


def test_rows_written_while_the_broker_was_down_are_delivered_by_a_later_sweep(partner, broker):
    broker.down = True
    rows = [queue_one(partner, key=f"ticket:{n}:received", ticket_id=n) for n in range(5)]
    assert (
        set(Notification.objects.values_list("status", flat=True)) == {"queued"}
        and mail.outbox == []
    )
    broker.down = False
    assert outbox_sweep() == 0  # still within the grace period: a worker may yet be on its way
    age(5)
    assert (
        tasks.sweep_outbox.apply().result == 5
    )  # .get() refuses once a test worker ran in-process
    assert len(mail.outbox) == 5 and set(Notification.objects.values_list("status", flat=True)) == {
        "sent"
    }
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == {row.message_id for row in rows}


def test_sent_and_failed_rows_are_never_swept(partner, broker):
    queue_one(partner, key="a")
    queue_one(partner, key="b")
    Notification.objects.filter(idempotency_key="b").update(status="failed")
    age(60)
    published, sent = broker.published, len(mail.outbox)
    assert outbox_sweep() == 0 and broker.published == published and len(mail.outbox) == sent


def test_a_swept_row_is_claimed_so_the_next_sweep_leaves_it_to_the_worker(
    partner, broker, monkeypatch
):
    broker.down = True
    queue_one(partner)
    broker.down = False
    age(5)
    monkeypatch.setattr(
        "notifications.tasks.hand_over_many", lambda notification_ids: len(notification_ids)
    )  # a slow worker
    assert outbox_sweep() == 1
    assert outbox_sweep() == 0


def test_a_sweep_during_a_continuing_outage_leaves_the_rows_due_for_the_next_one(partner, broker):
    broker.down = True
    for n in range(3):
        queue_one(partner, key=f"k{n}")
    age(5)
    assert outbox_sweep() == 0
    broker.down = False
    assert outbox_sweep() == 3 and len(mail.outbox) == 3


def test_a_row_waiting_out_its_backoff_is_not_swept_early(partner, broker, settings):
    settings.EMAIL_BACKEND = "tests.support.outbox_helpers.DownBackend"
    row = queue_one(partner)  # first attempt fails: due again in about a minute
    assert outbox_sweep(grace=timedelta(0)) == 0
    Notification.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    assert outbox_sweep(grace=timedelta(0)) == 1
    assert Notification.objects.get(pk=row.pk).attempts == 2


@pytest.mark.parametrize("stale", [1, 100, 101, 250])
def test_a_sweep_hands_stale_rows_over_in_batches_of_a_hundred(partner, broker, stale):
    broker.down = True
    rows = [queue_one(partner, key=f"stale:{n}") for n in range(stale)]
    broker.down = False
    age(5)
    published = broker.published
    assert outbox_sweep() == stale
    assert broker.published - published == -(-stale // tasks.HAND_OVER_CHUNK)  # ⌈N/100⌉, not N
    assert sorted(pk for batch in broker.batches for pk in batch) == sorted(r.pk for r in rows)
    assert len(mail.outbox) == stale and Notification.objects.filter(status="sent").count() == stale


def test_a_sweep_the_broker_fails_halfway_leaves_the_unhanded_rows_due(partner, broker):
    broker.down = True
    for n in range(150):
        queue_one(partner, key=f"half:{n}")
    broker.down = False
    age(5)
    real = tasks.deliver_many.apply_async
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise OperationalError("Connection reset by peer")
        return real(*args, **kwargs)

    tasks.deliver_many.apply_async = second_fails
    try:
        assert outbox_sweep() == 100
    finally:
        tasks.deliver_many.apply_async = real
    assert Notification.objects.filter(status="sent").count() == 100
    broker_pause_reset()
    assert outbox_sweep() == 50  # the 50 the broker refused were left due, not claimed
    assert Notification.objects.filter(status="sent").count() == 150 and len(mail.outbox) == 150


def test_the_sweeper_runs_every_minute_in_the_beat_schedule():
    entry = BEAT_SCHEDULE["notifications-sweep"]
    assert entry["task"] == tasks.sweep_outbox.name and entry["schedule"] == 60.0
