"""E-mails per second through the outbox, Celery + Redis and a real worker into a local SMTP sink.

Queues N notifications in one transaction, then times until the sink has every one (counted by
Message-ID: duplicates and losses show). Uses a SQLite file by default (a worker process can share
it), or BENCH_DATABASE_URL (an existing PostgreSQL database; it gets migrated). Redis:
BENCH_REDIS_URL (default DB 13, flushed). Bounded for a 2-core machine: N=300, one worker with 2
processes.
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
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
COUNT = int(os.environ.get("BENCH_EMAILS", "300"))
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
from notifications.models import Notification  # noqa: E402
from notifications.services import notification_queue  # noqa: E402
from partners.models import Partner  # noqa: E402
from tests.support.email_context import context_for  # noqa: E402
from tests.support.mail_sink import (  # noqa: E402
    Sink,
    start_worker,
    stop_worker,
    wait_until_ready,
    worker_env,
)


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
                rows = [
                    notification_queue(
                        partner=partner,
                        kind="ticket_reply",
                        recipient=f"c{n}@x.example",
                        language=["en", "zh-hans", "es", "fr", "it", "pt-br", "ru"][n % 7],
                        context=context_for("ticket_reply", ticket_id=n),
                        key=f"bench:{time.time()}:{n}",
                    )
                    for n in range(COUNT)
                ]
            queued = time.perf_counter() - started
            delivered = sink.wait_for(COUNT, timeout=300)
            time.sleep(1)
        finally:
            stop_worker(proc)
        ids = sink.message_ids
    result = {
        "emails": COUNT,
        "database": DB_URL.split(":")[0],
        "worker_processes": 2,
        "queue_seconds": round(queued, 3),
        "queued_per_second": round(COUNT / queued, 1),
        "deliver_seconds": round(delivered, 3),
        "delivered_per_second": round(COUNT / delivered, 1),
        "end_to_end_per_second": round(COUNT / (queued + delivered), 1),
        "duplicates": len(ids) - len(set(ids)),
        "lost": len({r.message_id for r in rows} - set(ids)),
    }
    width = max(map(len, result))
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    out = ROOT / "bench" / "results" / f"bench_email-{result['database']}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
