"""Benchmark of ``run_collections`` (dunning) over 200,000 open invoices, on PostgreSQL.

Seeds a database of its own (``desk_bench_billing``, recreated on every run) with ``--partners``
partners (half suspend automatically, half queue "ready to suspend" items), ``--invoices`` open
invoices over ``--invoices / 4`` customers with one active subscription each, and the dunning
history those invoices would have on the benchmark day: a quarter owes its first reminder, a
quarter its second, a quarter the final notice, a quarter the suspension. So the measured run
is a busy day on which every open invoice owes exactly one step, through every path (notices,
automatic suspensions, ready-to-suspend items), each e-mail written to the outbox as in
production (rendered, one row each) and handed to Celery after each batch's commit, as in
production. Delivery is the worker's job and is not run here: the broker is a real Redis
(``BENCH_REDIS_URL``, default DB 14, flushed before and after) with no worker consuming it, so the
hand-over publishes and nothing is sent. The script checks that afterwards (every row still
``queued``, one message on the broker per e-mail).

A second run on the same day then measures the steady state: 200,000 open invoices, nothing due.
It prints a table and writes JSON to bench/results/. Queries are counted per batch and split into
billing's own and the outbox's (``notification_queue``, per e-mail).

    .venv/bin/python bench/bench_collections.py                      # 200,000 invoices
    .venv/bin/python bench/bench_collections.py --invoices 20000     # a quick look
    BENCH_DATABASE_URL=postgres://user@host:5432/db .venv/bin/python bench/bench_collections.py
    .venv/bin/python bench/bench_collections.py --invoices 10000 --label after
                                      # JSON to bench/results/bench_collections-after.json
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/desk_bench_billing"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
STAGES = [3, 10, 20, 30]  # days past due of each quarter: what the default policy owes them today


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=200_000)
    parser.add_argument("--partners", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--keep", action="store_true", help="keep the benchmark database at the end"
    )
    parser.add_argument(
        "--label", default="", help="JSON to bench/results/bench_collections-LABEL.json"
    )
    return parser.parse_args()


def configure(url: str, broker_url: str) -> None:
    # A real broker: without one Celery runs eagerly and every e-mail would be delivered inside
    # the measured run. Nobody consumes this one, so the hand-over is measured, delivery is not.
    os.environ.update(
        {
            "DATABASE_URL": url,
            "CELERY_BROKER_URL": broker_url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "HTTPS": "false",
            "LOG_LEVEL": "WARNING",
            "CONN_MAX_AGE": "0",
        }
    )
    broker_flush(broker_url)
    recreate_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def broker_flush(broker_url: str) -> None:
    import redis

    redis.Redis.from_url(broker_url).flushdb()


def delivery_check(broker_url: str, emails: int) -> dict:
    from bench.floors import broker_messages

    """Nothing was delivered during the runs, and every e-mail was handed to the broker."""
    from django.db.models import Count

    from notifications.models import Notification

    statuses = dict(Notification.objects.order_by().values_list("status").annotate(n=Count("id")))
    handed = broker_messages(broker_url)
    if set(statuses) - {"queued"} or handed != emails:
        raise SystemExit(
            f"Delivery leaked into the run or the hand-over failed: outbox {statuses}, "
            f"{handed} messages on the broker for {emails} e-mails."
        )
    return {"outbox_statuses": statuses, "handed_to_broker": handed}


def code_version() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def seed(invoices: int, partners: int, as_of: date) -> dict:
    """Partners, policies and admins through the services; the bulk rows inside PostgreSQL."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from billing import policy as rules
    from billing.services import policy_publish
    from core.actors import SYSTEM
    from partners.models import Membership, Partner

    started = time.monotonic()
    for index in range(partners):
        partner = Partner.objects.create(
            name=f"Bench partner {index}",
            slug=f"bench-{index}",
            support_email=f"billing@bench-{index}.example",
        )
        Membership.objects.create(
            partner=partner,
            user=get_user_model().objects.create(
                username=f"bench-admin-{index}", email=f"admin@bench-{index}.example"
            ),
            role="admin",
        )
        policy_publish(
            actor=SYSTEM,
            partner=partner,
            steps=[dict(s) for s in rules.DEFAULT_STEPS],
            auto_suspend=index % 2 == 0,
        )
    customers = max(invoices // len(STAGES), 1)
    with connection.cursor() as cursor:
        params = {
            "customers": customers,
            "invoices": invoices,
            "as_of": as_of,
            "stage_days": STAGES,
        }
        for statement in SEED_SQL.split(";\n"):
            if statement.strip():
                cursor.execute(statement, params)
        cursor.execute("ANALYZE")
    return {"customers": customers, "seed_seconds": round(time.monotonic() - started, 1)}


SEED_SQL = """
INSERT INTO partners_customer (partner_id, name, email, language, collections_exempt,
                               external_id, domain, credit_balance, credit_currency, created_at)
SELECT p.ids[1 + g %% array_length(p.ids, 1)], 'Customer ' || g,
       'billing' || g || '@customer.example',
       (ARRAY['en','zh-hans','es','fr','it','pt-br','ru'])[1 + g %% 7], false, '', '', 0, '',
       now()
FROM generate_series(0, %(customers)s - 1) g,
     (SELECT array_agg(id ORDER BY id) ids FROM partners_partner) p;

INSERT INTO billing_subscription (partner_id, customer_id, offer, quantity, external_id, status,
                                  suspension_reasons, created_at)
SELECT partner_id, id, 'Azure Virtual Machines (China)', 5, '', 'active', '[]'::jsonb, now()
FROM partners_customer;

WITH c AS (SELECT id, partner_id, row_number() OVER (ORDER BY id) - 1 AS n FROM partners_customer),
     g AS (SELECT g, g %% %(customers)s AS n,
                  (%(stage_days)s::int[])[1 + (g / %(customers)s) %% 4] AS overdue
           FROM generate_series(0, %(invoices)s - 1) g)
INSERT INTO billing_invoice (partner_id, customer_id, number, amount, amount_paid,
                             amount_credited, currency,
                             issue_date, due_date, status, status_reason, freeze_count,
                             collections_policy_id, dunning_next_on, dunning_done, created_at)
SELECT c.partner_id, c.id, 'B-' || g.g, 1000 + g.g %% 500, 0, 0, 'CNY',
       %(as_of)s::date - g.overdue - 30, %(as_of)s::date - g.overdue, 'open', '', 0,
       CASE WHEN g.overdue > 3 THEN pol.id END, CASE WHEN g.overdue > 3 THEN %(as_of)s::date END,
       false, now()
FROM g JOIN c ON c.n = g.n JOIN billing_collectionspolicy pol ON pol.partner_id = c.partner_id;

INSERT INTO billing_dunningaction (partner_id, invoice_id, policy_id, action, after_days, due_on,
                                   performed_on, impact_on, performed_at)
SELECT i.partner_id, i.id, i.collections_policy_id, s.action, s.days, i.due_date + s.days,
       i.due_date + s.days, CASE WHEN s.action = 'final_notice' THEN i.due_date + 30 END, now()
FROM billing_invoice i
JOIN (VALUES (3, 'reminder'), (10, 'reminder'), (20, 'final_notice')) s(days, action)
  ON s.days < %(as_of)s::date - i.due_date
WHERE i.collections_policy_id IS NOT NULL;
"""


def measured_run(as_of: date, batch_size: int) -> dict:
    from django.db import connection

    from bench.floors import OutboxTimer, QueryCounter
    from billing import emails
    from billing.services import collections_run

    counter, per_batch, last = QueryCounter(), [], {}
    timer = OutboxTimer(emails)

    def progress(summary):
        now = {
            "billing": counter.billing,
            "outbox": counter.outbox,
            "emails": summary.emails,
            "suspend_steps": summary.steps["suspend"],
            "subscriptions_suspended": summary.subscriptions_suspended,
        }
        per_batch.append({name: value - last.get(name, 0) for name, value in now.items()})
        last.update(now)

    with connection.execute_wrapper(counter):
        started = time.monotonic()
        summary = collections_run(as_of=as_of, batch_size=batch_size, progress=progress)
        seconds = time.monotonic() - started
    timer.restore()
    return {
        "seconds": round(seconds, 2),
        "outbox_seconds": round(timer.seconds, 2),
        "summary": summary.as_dict(),
        "per_batch": per_batch,
        "queries": {"billing": counter.billing, "outbox": counter.outbox},
    }


def spread(values: list[int]) -> str:
    if not values:
        return "-"
    return f"{min(values)} / {statistics.median(values):g} / {max(values)}"


def report(args, seeded: dict, busy: dict, idle: dict, floor: dict) -> dict:
    full = busy["per_batch"][:-1] or busy["per_batch"]  # the last batch is partial
    suspending = [b for b in full if b["subscriptions_suspended"]]
    invoices, seconds = busy["summary"]["invoices"], busy["seconds"]
    steps = sum(busy["summary"]["steps"].values())
    rows = [
        ("open invoices", f"{args.invoices:,}"),
        ("batch size", f"{args.batch_size}"),
        ("busy day: invoices checked", f"{invoices:,} in {busy['summary']['batches']} batches"),
        ("busy day: steps performed", f"{steps:,} {busy['summary']['steps']}"),
        (
            "busy day: subscriptions suspended / ready to suspend",
            f"{busy['summary']['subscriptions_suspended']:,} / "
            f"{busy['summary']['ready_to_suspend']:,}",
        ),
        ("busy day: e-mails written to the outbox", f"{busy['summary']['emails']:,}"),
        ("busy day: wall time", f"{seconds:.1f} s"),
        ("busy day: of which in the outbox (render + write)", f"{busy['outbox_seconds']:.1f} s"),
        ("busy day: invoices per second", f"{invoices / seconds:,.0f}"),
        (
            "floor: 4 KB rows inserted per second (same count, same batch size)",
            f"{floor['rows_per_second']:,}",
        ),
        (
            "floor / busy day (target: within 20x)",
            f"{floor['rows_per_second'] / (invoices / seconds):.1f}x",
        ),
        (
            "busy day: invoices per second, outbox time excluded",
            f"{invoices / (seconds - busy['outbox_seconds']):,.0f}",
        ),
        (
            "billing queries per full batch (min / median / max)",
            spread([b["billing"] for b in full]),
        ),
        (
            "billing queries per full batch that suspends (min / median / max)",
            spread([b["billing"] for b in suspending]),
        ),
        ("outbox queries per full batch (min / median / max)", spread([b["outbox"] for b in full])),
        ("e-mails per full batch (min / median / max)", spread([b["emails"] for b in full])),
        (
            "same day again: invoices checked / steps",
            f"{idle['summary']['invoices']} / {sum(idle['summary']['steps'].values())}",
        ),
        (
            "same day again: wall time, queries",
            f"{idle['seconds'] * 1000:.0f} ms, {idle['queries']['billing']} queries",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    print(
        f"\nrun_collections on PostgreSQL "
        f"({platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs)"
    )
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    return {
        "benchmark": "collections",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "invoices": args.invoices,
        "partners": args.partners,
        "batch_size": args.batch_size,
        **seeded,
        "floor": {**floor, "slowdown": round(floor["rows_per_second"] / (invoices / seconds), 1)},
        "busy_day": {
            **busy,
            "invoices_per_second": round(invoices / seconds),
            "invoices_per_second_without_outbox": round(
                invoices / (seconds - busy["outbox_seconds"])
            ),
            "billing_queries_per_batch": spread([b["billing"] for b in full]),
            "billing_queries_per_suspending_batch": spread([b["billing"] for b in suspending]),
            "outbox_queries_per_batch": spread([b["outbox"] for b in full]),
            "emails_per_batch": spread([b["emails"] for b in full]),
        },
        "same_day_again": {k: v for k, v in idle.items() if k != "per_batch"},
    }


def main():
    args = parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    broker_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    configure(url, broker_url)
    as_of = date.today()
    print(f"Seeding {args.invoices:,} open invoices into {url.rsplit('/', 1)[1]} …", flush=True)
    seeded = seed(args.invoices, args.partners, as_of)
    print(
        f"  seeded in {seeded['seed_seconds']} s; running collections as of {as_of} …", flush=True
    )
    busy = measured_run(as_of, args.batch_size)
    idle = measured_run(as_of, args.batch_size)
    print("  measuring the floor: the same number of 4 KB rows inserted …", flush=True)
    from bench.floors import insert_floor

    floor = insert_floor(busy["summary"]["invoices"], args.batch_size)
    checked = delivery_check(broker_url, busy["summary"]["emails"] + idle["summary"]["emails"])
    result = {**report(args, seeded, busy, idle, floor), **checked, "code": code_version()}
    print(
        f"  outbox after the runs: {checked['outbox_statuses']}, "
        f"{checked['handed_to_broker']:,} messages on the broker, none delivered"
    )
    name = f"bench_collections-{args.label}.json" if args.label else "bench_collections.json"
    from bench.output import results_path, shown

    out = results_path(name)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"\nJSON written to {shown(out)}")
    broker_flush(broker_url)
    if not args.keep:
        drop_database(url)


if __name__ == "__main__":
    main()
