"""Real Redis broker, real Celery worker process, real SMTP: each e-mail arrives exactly once.

Counting is by Message-ID at the sink: a second delivery of the same row would arrive with the
same Message-ID, so duplicates and losses both show.
"""

import os
from urllib.parse import quote, urlparse

import pytest
import redis
from django.db import connection, transaction

from config.celery import app as celery_app
from notifications.models import Notification
from notifications.services import Email, notification_queue, notifications_queue_many
from notifications.tasks import broker_pause_reset, hand_over, hand_over_many, sweep_outbox
from tests.conftest import require_service
from tests.support.email_context import context_for
from tests.support.factories import PartnerFactory
from tests.support.mail_sink import (
    Sink,
    free_port,
    start_worker,
    stop_worker,
    use_broker,
    wait_until_ready,
    worker_env,
)

pytestmark = [pytest.mark.services, pytest.mark.postgres]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
COUNT = 200


def database_url() -> str:
    db = connection.settings_dict  # the test database (test_<name>) this process writes to
    auth = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def broker():
    url = urlparse(REDIS_URL)
    require_service("Redis", url.hostname, url.port or 6379)
    redis.Redis.from_url(REDIS_URL).flushdb()
    saved = {
        "broker_url": celery_app.conf.broker_url,
        "task_always_eager": celery_app.conf.task_always_eager,
    }
    use_broker(celery_app, REDIS_URL)
    yield REDIS_URL
    use_broker(celery_app, saved["broker_url"] or "memory://")
    celery_app.conf.update(saved)
    redis.Redis.from_url(REDIS_URL).flushdb()


@pytest.fixture
def sink():
    with Sink() as sink:
        yield sink


@pytest.fixture
def worker(transactional_db, broker, sink):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot share SQLite's in-memory test database")
    proc = start_worker(
        worker_env(database_url=database_url(), broker_url=broker, smtp_port=sink.port)
    )
    wait_until_ready(celery_app, proc)
    yield proc
    output = stop_worker(proc)
    assert "Traceback" not in output, output


def queue_many(partner, prefix: str) -> list[Notification]:
    languages = ["en", "zh-hans", "es", "fr", "it", "pt-br", "ru"]
    with transaction.atomic():
        return [
            notification_queue(
                partner=partner,
                kind="ticket_reply",
                recipient=f"c{n}@customer.example",
                language=languages[n % 7],
                context=context_for("ticket_reply", ticket_id=n),
                key=f"{prefix}:{n}",
            )
            for n in range(COUNT)
        ]


def assert_delivered_exactly_once(rows, sink):
    try:
        sink.wait_for(COUNT, timeout=float(os.environ.get("OUTBOX_TEST_TIMEOUT", 120)))
    except TimeoutError as exc:
        stuck = list(
            Notification.objects.exclude(status="sent").values(
                "id", "status", "attempts", "last_error"
            )[:5]
        )
        waiting = redis.Redis.from_url(REDIS_URL).llen("celery")
        raise AssertionError(
            f"{exc}; not sent: {stuck}; tasks waiting in Redis: {waiting}"
        ) from exc
    expected = {row.message_id for row in rows}
    # Give a would-be duplicate time to arrive before counting.
    import time

    time.sleep(2)
    assert len(sink.message_ids) == COUNT, f"{len(sink.message_ids) - COUNT} duplicates"
    assert set(sink.message_ids) == expected
    assert Notification.objects.filter(status="sent").count() == COUNT


def test_200_emails_are_delivered_exactly_once_even_when_each_is_handed_over_twice(worker, sink):
    partner = PartnerFactory()
    rows = queue_many(partner, "burst")  # on commit: one task per row
    for (
        row
    ) in rows:  # and a second task per row, racing the first (what a sweep or a redelivery does)
        assert hand_over(row.pk)
    assert_delivered_exactly_once(rows, sink)
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_a_batch_is_delivered_exactly_once_even_when_handed_over_again_in_batches_and_singly(
    worker, sink
):
    partner = PartnerFactory()
    with transaction.atomic():  # on commit: one task per hundred rows
        rows = notifications_queue_many(
            emails=[
                Email(
                    partner,
                    "ticket_reply",
                    f"c{n}@customer.example",
                    "en",
                    context_for("ticket_reply", ticket_id=n),
                    f"batch:{n}",
                )
                for n in range(COUNT)
            ]
        )
    ids = [row.pk for row in rows]
    assert hand_over_many(ids[::-1]) == COUNT  # a second claim of every row, in another order
    for row in rows[::3]:
        assert hand_over(row.pk)  # and a third, one by one
    assert_delivered_exactly_once(rows, sink)
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}


def test_rows_written_while_the_broker_is_unreachable_stay_queued_and_the_sweeper_delivers_them(
    worker, sink
):
    partner = PartnerFactory()
    use_broker(celery_app, f"redis://127.0.0.1:{free_port()}/13")  # nothing listens there
    rows = queue_many(partner, "outage")  # the transaction commits; the hand-overs fail quietly
    assert Notification.objects.filter(status="queued", attempts=0).count() == COUNT
    import time

    time.sleep(2)
    assert sink.message_ids == []

    use_broker(celery_app, REDIS_URL)  # the broker is back
    broker_pause_reset()
    # Two sweeps at once, as two beat instances would: the claims and the row lock keep it to one
    # e-mail each.
    sweep_outbox.delay(grace_seconds=0)
    sweep_outbox.delay(grace_seconds=0)
    assert_delivered_exactly_once(rows, sink)
