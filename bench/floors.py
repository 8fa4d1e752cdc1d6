"""Floors the benchmarks measure in the same run beside their figures, and the collections
benchmark's counters."""

import json
import time


def broker_messages(broker_url: str) -> int:
    """E-mails waiting on the broker (Celery's default queue): a ``deliver`` message carries one
    id, a ``deliver_many`` message up to a hundred."""
    import base64

    import redis

    ids = 0
    for raw in redis.Redis.from_url(broker_url).lrange("celery", 0, -1):
        message = json.loads(raw)
        args = json.loads(base64.b64decode(message["body"]))[0]
        ids += len(args[0]) if isinstance(args[0], list) else 1
    return ids


def insert_floor(rows: int, batch_size: int) -> dict:
    """The floor, measured in the same run: inserting ``rows`` rows of 4 KB into PostgreSQL, in
    batches of ``batch_size`` rows, one multi-row INSERT and one transaction per batch."""
    import secrets

    from django.db import connection, transaction

    payload = [secrets.token_hex(2048) for _ in range(batch_size)]  # 4 KB, hardly compressible
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_floor (id bigserial PRIMARY KEY, body text)")
    started = time.monotonic()
    for start in range(0, rows, batch_size):
        count = min(batch_size, rows - start)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_floor (body) VALUES " + ", ".join(["(%s)"] * count),
                payload[:count],
            )
    seconds = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor")
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_second": round(rows / seconds)}


class QueryCounter:
    """Counts queries, split into the outbox's (``notification_queue``) and everything else."""

    def __init__(self):
        self.billing = self.outbox = 0

    def __call__(self, execute, sql, params, many, context):
        if "notifications_notification" in sql or sql.startswith(
            ("SAVEPOINT", "RELEASE SAVEPOINT")
        ):
            self.outbox += 1
        else:
            self.billing += 1
        return execute(sql, params, many, context)


class OutboxTimer:
    """Time spent inside the outbox entry points (render + write), wrapped around both."""

    def __init__(self, emails):
        self.emails, self.seconds = emails, 0.0
        # (``getattr``: the same script measures the code from before the batch entry point.)
        self.one, self.many = emails.notification_queue, getattr(emails, "queue_many", None)
        emails.notification_queue = self.timed(self.one)
        if self.many:
            emails.queue_many = self.timed(self.many)

    def timed(self, queue):
        def call(*args, **kwargs):
            started = time.perf_counter()
            try:
                return queue(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        return call

    def restore(self):
        self.emails.notification_queue = self.one
        if self.many:
            self.emails.queue_many = self.many
