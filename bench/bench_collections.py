"""Benchmark of ``run_collections`` (dunning) over 200,000 open invoices, on PostgreSQL.

Seeds a database of its own (``desk_bench_billing``, recreated on every run) with ``--partners``
partners (half suspend automatically, half queue "ready to suspend" items), ``--invoices`` open
invoices over ``--invoices / 4`` customers with one active subscription each, and the dunning
history those invoices would have on the benchmark day: a quarter owes its first reminder, a
quarter its second, a quarter the final notice, a quarter the suspension. So the measured run
is a busy day on which every open invoice owes exactly one step, through every path (notices,
automatic suspensions, ready-to-suspend items), each e-mail written to the outbox as in
production (rendered, one row each; delivery is the Celery worker's job and is not run here).

A second run on the same day then measures the steady state: 200,000 open invoices, nothing due.
It prints a table and writes JSON to bench/results/. Queries are counted per batch and split into
billing's own and the outbox's (``notification_queue``, per e-mail).

    .venv/bin/python bench/bench_collections.py                      # 200,000 invoices
    .venv/bin/python bench/bench_collections.py --invoices 20000     # a quick look
    BENCH_DATABASE_URL=postgres://user@host:5432/db .venv/bin/python bench/bench_collections.py
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/desk_bench_billing"
URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
STAGES = [3, 10, 20, 30]  # days past due of each quarter: what the default policy owes them today

# Django reads these once, when it sets up just below; the project's modules come after that.
os.environ.update(
    {
        "DATABASE_URL": URL,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "0",
    }
)
os.environ.pop("CELERY_BROKER_URL", None)
django.setup()

import notifications.services  # noqa: E402
from billing import emails  # noqa: E402
from billing import policy as rules  # noqa: E402
from billing.services import collections_run, policy_publish  # noqa: E402
from core.actors import SYSTEM  # noqa: E402
from partners.models import Membership, Partner  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=200_000)
    parser.add_argument("--partners", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument(
        "--keep", action="store_true", help="keep the benchmark database at the end"
    )
    return parser.parse_args()


def migrate(url: str) -> None:
    from django.core.management import call_command

    recreate_database(url)
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
INSERT INTO partners_customer (partner_id, name, email, language, collections_exempt, created_at)
SELECT p.ids[1 + g %% array_length(p.ids, 1)], 'Customer ' || g,
       'billing' || g || '@customer.example',
       (ARRAY['en','zh-hans','es','fr','it','pt-br','ru'])[1 + g %% 7], false, now()
FROM generate_series(0, %(customers)s - 1) g,
     (SELECT array_agg(id ORDER BY id) ids FROM partners_partner) p;

INSERT INTO billing_subscription (partner_id, customer_id, offer, quantity, status,
                                  suspension_reasons, created_at)
SELECT partner_id, id, 'Azure Virtual Machines (China)', 5, 'active', '[]'::jsonb, now()
FROM partners_customer;

WITH c AS (SELECT id, partner_id, row_number() OVER (ORDER BY id) - 1 AS n FROM partners_customer),
     g AS (SELECT g, g %% %(customers)s AS n,
                  (%(stage_days)s::int[])[1 + (g / %(customers)s) %% 4] AS overdue
           FROM generate_series(0, %(invoices)s - 1) g)
INSERT INTO billing_invoice (partner_id, customer_id, number, amount, amount_paid, currency,
                             issue_date, due_date, status, status_reason, freeze_count,
                             collections_policy_id, dunning_next_on, dunning_done, created_at)
SELECT c.partner_id, c.id, 'B-' || g.g, 1000 + g.g %% 500, 0, 'CNY',
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
    """Time spent inside the outbox entry point (render + write one row per e-mail)."""

    def __init__(self, queue):
        self.queue, self.seconds = queue, 0.0

    def __call__(self, **kwargs):
        started = time.perf_counter()
        try:
            return self.queue(**kwargs)
        finally:
            self.seconds += time.perf_counter() - started


def measured_run(as_of: date, batch_size: int) -> dict:
    from django.db import connection

    counter, per_batch, last = QueryCounter(), [], {"billing": 0, "outbox": 0, "emails": 0}
    timer = emails.notification_queue = OutboxTimer(emails.notification_queue)

    def progress(summary):
        per_batch.append(
            {
                "billing": counter.billing - last["billing"],
                "outbox": counter.outbox - last["outbox"],
                "emails": summary.emails - last["emails"],
            }
        )
        last.update(billing=counter.billing, outbox=counter.outbox, emails=summary.emails)

    with connection.execute_wrapper(counter):
        started = time.monotonic()
        summary = collections_run(as_of=as_of, batch_size=batch_size, progress=progress)
        seconds = time.monotonic() - started
    emails.notification_queue = timer.queue
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


def report(args, seeded: dict, busy: dict, idle: dict) -> dict:
    full = busy["per_batch"][:-1] or busy["per_batch"]  # the last batch is partial
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
            "busy day: invoices per second, outbox time excluded",
            f"{invoices / (seconds - busy['outbox_seconds']):,.0f}",
        ),
        (
            "billing queries per full batch (min / median / max)",
            spread([b["billing"] for b in full]),
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
        "busy_day": {
            **{k: v for k, v in busy.items() if k != "per_batch"},
            "invoices_per_second": round(invoices / seconds),
            "invoices_per_second_without_outbox": round(
                invoices / (seconds - busy["outbox_seconds"])
            ),
            "billing_queries_per_batch": spread([b["billing"] for b in full]),
            "outbox_queries_per_batch": spread([b["outbox"] for b in full]),
            "emails_per_batch": spread([b["emails"] for b in full]),
        },
        "same_day_again": {k: v for k, v in idle.items() if k != "per_batch"},
    }


def main():
    args = parse_args()
    url = URL
    migrate(url)
    # Delivery is the Celery worker's job (after commit); this measures the run, which writes the
    # outbox rows.
    notifications.services.hand_over = lambda notification_id: True
    as_of = date.today()
    print(f"Seeding {args.invoices:,} open invoices into {url.rsplit('/', 1)[1]} …", flush=True)
    seeded = seed(args.invoices, args.partners, as_of)
    print(
        f"  seeded in {seeded['seed_seconds']} s; running collections as of {as_of} …", flush=True
    )
    busy = measured_run(as_of, args.batch_size)
    idle = measured_run(as_of, args.batch_size)
    result = report(args, seeded, busy, idle)
    out = ROOT / "bench" / "results" / "bench_collections.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"\nJSON written to {out.relative_to(ROOT)}")
    if not args.keep:
        drop_database(url)


if __name__ == "__main__":
    main()
