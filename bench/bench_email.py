"""E-mails per second through the outbox, Celery + Redis and a real worker into a local SMTP sink,
beside the floor measured in the same run: the same messages sent over one raw SMTP connection
(``smtplib``) to the same sink.

Queues N notifications in one transaction (the batch entry point), then times until the sink has
every one (counted by Message-ID: duplicates and losses show). Uses a SQLite file by default (a
worker process can share it), or BENCH_DATABASE_URL (an existing PostgreSQL database; it gets
migrated). Redis: BENCH_REDIS_URL (default DB 7, flushed). Bounded for a 2-core machine: N=600
(``BENCH_EMAILS``), one worker with 2 processes. ``--label`` is the second argument's JSON name.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
COUNT = int(os.environ.get("BENCH_EMAILS", "600"))
LABEL = os.environ.get("BENCH_LABEL", "")
DB_URL = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": DB_URL,
        "CELERY_BROKER_URL": REDIS_URL,
        "HTTPS": "false",
        "LOG_LEVEL": "WARNING",
    }
)
django.setup()  # with the settings above; the project's modules come after it

from config.celery import app  # noqa: E402
from notifications import services  # noqa: E402
from notifications.models import Notification  # noqa: E402
from partners.models import Partner  # noqa: E402
from tests.support.email_context import context_for  # noqa: E402
from tests.support.mail_sink import (  # noqa: E402
    Sink,
    start_worker,
    stop_worker,
    wait_until_ready,
    worker_env,
)


def queue(partner) -> list:
    emails = [
        dict(
            partner=partner,
            kind="ticket_reply",
            recipient=f"c{n}@x.example",
            language=["en", "zh-hans", "es", "fr", "it", "pt-br", "ru"][n % 7],
            context=context_for("ticket_reply", ticket_id=n),
            key=f"bench:{time.time()}:{n}",
        )
        for n in range(COUNT)
    ]
    if hasattr(services, "notifications_queue_many"):
        return services.notifications_queue_many(
            emails=[services.Email(**email) for email in emails]
        )
    return [services.notification_queue(**email) for email in emails]  # the code from before


def raw_smtp_floor(rows: list, sink) -> float:
    """Seconds to send the same messages (as the worker builds them) over one ``smtplib``
    connection to the same sink: what SMTP itself costs here."""
    import smtplib

    from django.core.mail import EmailMultiAlternatives

    def built(row):  # as notifications.delivery builds it
        message = EmailMultiAlternatives(
            row.subject,
            row.body_text,
            "Bench Cloud <s@b.example>",
            [row.recipient],
            headers={"Message-ID": row.message_id, "Content-Language": row.language},
        )
        message.attach_alternative(row.body_html, "text/html")
        return message.message().as_bytes(linesep="\r\n")

    messages = [built(row) for row in rows]
    before = len(sink.message_ids)
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
        for row, raw in zip(rows, messages, strict=True):
            smtp.sendmail("s@b.example", [row.recipient], raw)
    sink.wait_for(before + len(rows), timeout=120)
    return time.perf_counter() - started


def main():
    import redis
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    Notification.objects.all().delete()
    redis.Redis.from_url(REDIS_URL).flushdb()
    partner, _ = Partner.objects.get_or_create(
        slug="bench", defaults={"name": "Bench Cloud", "support_email": "s@b.example"}
    )
    with Sink() as sink:
        proc = start_worker(
            worker_env(database_url=DB_URL, broker_url=REDIS_URL, smtp_port=sink.port)
        )
        wait_until_ready(app, proc)
        try:
            started = time.perf_counter()
            with transaction.atomic():
                rows = queue(partner)
            queued = time.perf_counter() - started
            delivered = sink.wait_for(COUNT, timeout=300)
            time.sleep(1)
        finally:
            stop_worker(proc)
        ids = list(sink.message_ids)
        floor = raw_smtp_floor(rows, sink)
    result = {
        "emails": COUNT,
        "database": DB_URL.split(":")[0],
        "worker_processes": 2,
        "queue_seconds": round(queued, 3),
        "queued_per_second": round(COUNT / queued, 1),
        "deliver_seconds": round(delivered, 3),
        "delivered_per_second": round(COUNT / delivered, 1),
        "end_to_end_per_second": round(COUNT / (queued + delivered), 1),
        "floor_raw_smtp_per_second": round(COUNT / floor, 1),
        "ratio_to_floor": round(floor / delivered, 3),
        "duplicates": len(ids) - len(set(ids)),
        "lost": len({r.message_id for r in rows} - set(ids)),
    }
    width = max(map(len, result))
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    name = f"bench_email-{result['database']}" + (f"-{LABEL}" if LABEL else "")
    from bench.output import results_path, run_facts, shown

    result.update(run_facts())
    out = results_path(f"{name}.json")
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {shown(out)}")


if __name__ == "__main__":
    main()
