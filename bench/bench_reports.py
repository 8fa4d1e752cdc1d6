"""Benchmark of the reports (``GET /api/reports/<name>/`` and the ``/reports/`` page) at
1,000,000 tickets, on PostgreSQL.

Seeds the tickets the way bench/bench_tickets.py does (its SQL, without messages: no report
reads them), then, inside PostgreSQL, what the reports read besides: resolved escalations with
outcomes and credits (5 % of the closed tickets), and a year of invoices (two a month per
customer) with their dunning steps and payments (70 % paid, at 0–40 days past due). Then it
times every report for the default period (the last twelve weeks) for a typical partner's admin,
the big partner's admin and the operator (every partner), and the whole page, through the whole
Django stack; median and p95 over ``--requests`` requests each, and the queries per request.

Before timing, it builds the reports' stored days (tickets/services/report_snapshots.py) the way
the nightly beat task does — ``report_snapshots_refresh``, the last ``REPORT_SNAPSHOT_REFRESH_DAYS``
days — and backfills the rest of the default period with ``report_snapshots_build``, and prints
how long each took; the reports then read the stored days and compute only today. ``--live``
times them without stored days (every day computed, as before the snapshots).

Floors, measured in the same run: the bare DRF endpoint on the same stack (bench/floor_urls.py),
and the database's own cost of reading the period's tickets once (``COUNT(*)`` over the partner's
tickets opened in the period, on the same index), so every figure stands beside what no report
can go under.

    BENCH_DATABASE_URL=postgres://user@host:5432/db .venv/bin/python bench/bench_reports.py
    .venv/bin/python bench/bench_reports.py --tickets 100000 --reseed --requests 10
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/desk_bench_reports")

from bench import bench_tickets as seeding  # noqa: E402  (sets Django up on the bench database)

REPORTS = [
    "sla-attainment",
    "response-times",
    "tickets-by-category",
    "tickets-by-channel",
    "escalations",
    "dunning-recovery",
    "dso",
    "aging",
]
TARGET_P95_MS = 500.0  # the bound per report at 1,000,000 tickets

EXTRA_SQL = """
INSERT INTO tickets_escalation (partner_id, ticket_id, status, summary, steps_taken, outcome,
                                response, credit_amount, created_at, updated_at, resolved_at)
SELECT partner_id, id, 'resolved', 'Seat count dispute', 'Compared usage', o.outcome, 'Decided',
       CASE WHEN o.outcome IN ('upheld', 'partially_upheld') THEN 50 + id % 200 END,
       created_at, updated_at, updated_at
FROM tickets_ticket t,
     LATERAL (SELECT (ARRAY['upheld','partially_upheld','rejected','answered'])[1 + t.id % 4]
              AS outcome) o
WHERE status = 'closed' AND id % 10 = 0;

INSERT INTO billing_collectionspolicy (partner_id, version, steps, auto_suspend, description,
                                       created_at)
SELECT id, 1, '[{"after_days": 3, "action": "reminder"}, {"after_days": 10, "action": "reminder"},
               {"after_days": 20, "action": "final_notice"}]'::jsonb, false, '', now()
FROM partners_partner;

INSERT INTO billing_invoice (partner_id, customer_id, number, amount, amount_paid,
                             amount_credited, currency, issue_date, due_date, status,
                             status_reason, freeze_count, collections_policy_id, dunning_done,
                             created_at)
SELECT c.partner_id, c.id, 'R-' || c.id || '-' || m, 1000 + (c.id * m) % 500,
       0, 0, 'CNY', current_date - (m * 15)::int, current_date - (m * 15)::int + 30, 'open',
       '', 0, pol.id, false, now()
FROM partners_customer c, generate_series(1, 24) m, billing_collectionspolicy pol
WHERE pol.partner_id = c.partner_id;

INSERT INTO billing_dunningaction (partner_id, invoice_id, policy_id, action, after_days, due_on,
                                   performed_on, performed_at)
SELECT i.partner_id, i.id, i.collections_policy_id, s.action, s.days, i.due_date + s.days,
       i.due_date + s.days, now()
FROM billing_invoice i
JOIN (VALUES (3, 'reminder'), (10, 'reminder'), (20, 'final_notice')) s(days, action)
  ON i.due_date + s.days <= current_date
WHERE i.id % 10 < 7 AND s.days < ((i.id * 7) % 41)::int OR i.id % 10 >= 7;

INSERT INTO billing_payment (partner_id, invoice_id, amount, date, reference, created_at)
SELECT partner_id, id, amount, due_date + ((id * 7) % 41)::int, '', now()
FROM billing_invoice WHERE id % 10 < 7 AND due_date + ((id * 7) % 41)::int <= current_date;

UPDATE billing_invoice i SET status = 'paid', amount_paid = i.amount
FROM billing_payment p WHERE p.invoice_id = i.id;
"""


def seed_extra() -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tickets_escalation WHERE status = 'resolved'")
        # DELETE, not TRUNCATE … CASCADE: tickets reference invoices, TRUNCATE would empty them
        for table in ("billing_payment", "billing_dunningaction", "billing_invoice",
                      "billing_collectionspolicy"):  # fmt: skip
            cursor.execute(f"DELETE FROM {table}")
        for statement in EXTRA_SQL.split(";\n"):
            if statement.strip():
                cursor.execute(statement)
        for table in ("tickets_escalation", "billing_invoice", "billing_payment",
                      "billing_dunningaction"):  # fmt: skip
            cursor.execute(f"VACUUM ANALYZE {table}")
    return round(time.perf_counter() - started, 1)


def admins(partner_ids):
    """A signed-in client and a token per reader: the admin of each partner, the operator."""
    from django.contrib.auth.models import Group, User
    from django.test import Client
    from knox.models import AuthToken

    from core.actors import OPERATORS_GROUP
    from partners.models import Membership

    readers = {}
    for partner in partner_ids:
        user, _ = User.objects.get_or_create(username=f"bench-admin-{partner}")
        Membership.objects.get_or_create(
            user=user, defaults={"partner_id": partner, "role": "admin"}
        )
        readers[f"admin of partner {partner}"] = user
    operator, _ = User.objects.get_or_create(username="bench-operator")
    operator.groups.add(Group.objects.get_or_create(name=OPERATORS_GROUP)[0])
    readers["operator, every partner"] = operator
    clients = {}
    for who, user in readers.items():
        api = Client(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=user)[1]}")
        page = Client()
        page.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[who] = (api, page)
    return clients


def timed(client, path: str, requests: int) -> dict:
    from django.db import connection

    for _ in range(2):  # warm-up
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.get("Location"))
    queries = []  # counted by an execute wrapper: the request's start empties queries_log

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    wall = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    wall.sort()
    return {
        "queries": len(queries),
        "median_ms": round(statistics.median(wall), 1),
        "p95_ms": round(wall[max(0, int(0.95 * len(wall)) - 1)], 1),
    }


def db_floor(partner: int | None, requests: int) -> dict:
    """Reading the period's tickets once in the database: the least any ticket report costs."""
    from django.db import connection
    from django.utils import timezone

    since = timezone.now() - timedelta(weeks=12)
    where = "created_at >= %s" + (" AND partner_id = %s" if partner else "")
    params = [since, partner] if partner else [since]
    wall = []
    with connection.cursor() as cursor:
        for _ in range(requests + 2):
            started = time.perf_counter()
            cursor.execute(f"SELECT count(*) FROM tickets_ticket WHERE {where}", params)
            count = cursor.fetchone()[0]
            wall.append((time.perf_counter() - started) * 1000)
    wall = sorted(wall[2:])
    return {"tickets_in_period": count, "median_ms": round(statistics.median(wall), 1)}


def build_snapshots(live: bool) -> dict:
    """The nightly run, then the rest of the default period: seconds each (or none: --live)."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from core.periods import default_period
    from tickets.models import ReportDay
    from tickets.services import report_snapshots_build, report_snapshots_refresh

    ReportDay.objects.all().delete()  # no stored day read unless built in this run
    if live:
        return {}
    days = settings.REPORT_SNAPSHOT_REFRESH_DAYS
    print(f"building the stored days: the nightly run ({days} days) …", flush=True)
    started = time.perf_counter()
    report_snapshots_refresh()
    nightly = round(time.perf_counter() - started, 1)
    period = default_period()
    last = timezone.localdate() - timedelta(days=days + 1)
    print(f"  {nightly} s; backfilling {period.start} to {last} …", flush=True)
    started = time.perf_counter()
    built = report_snapshots_build(first=period.start, last=last)
    backfill = round(time.perf_counter() - started, 1)
    print(f"  {backfill} s for {built} days", flush=True)
    from django.db import connection

    from tickets.models import SNAPSHOT_MODELS

    with connection.cursor() as cursor:  # as autovacuum would after a night's inserts
        for model in SNAPSHOT_MODELS:
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return {"nightly_days": days, "nightly_s": nightly, "backfill_days": built,
            "backfill_s": backfill}  # fmt: skip


def main():
    import argparse

    from django.core.management import call_command
    from django.test.utils import override_settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--live", action="store_true", help="time without stored days")
    args = parser.parse_args()
    seeding.ensure_database(seeding.URL)
    call_command("migrate", verbosity=0)
    timings = {}
    if args.reseed or seeding.seeded_size() < args.tickets * 0.95:
        print(f"seeding {args.tickets:,} tickets (no messages) …", flush=True)
        seed_args = argparse.Namespace(
            tickets=args.tickets, messages=0, partners=200, customers=50, big_share=0.10
        )
        timings = seeding.seed(seed_args)
    from billing.models import Invoice

    if args.reseed or timings or not Invoice.objects.exists():
        print("seeding escalations, invoices, dunning steps and payments …", flush=True)
        timings["extra"] = seed_extra()
    built = build_snapshots(args.live)
    random.seed(1)
    clients = admins([2, 1])
    rows = []
    # the page is timed for a signed-in reader; two-factor enrolment is not what is measured
    # (nor are the static files built: the page links them unhashed)
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        ROOT_URLCONF="bench.floor_urls", MFA_REQUIRED_ROLES=[], STORAGES=storages
    ):
        api, _page = next(iter(clients.values()))
        floor = timed(api, "/api/bench-floor/", args.requests)
        rows.append(("floor: bare DRF endpoint", "-", floor))
        for who, (api, page) in clients.items():
            for name in REPORTS:
                path = f"/api/reports/{name}/"
                rows.append((path, who, timed(api, path, args.requests)))
            rows.append(("/reports/ (every report)", who, timed(page, "/reports/", args.requests)))
    floors = {
        "partner 2": db_floor(2, args.requests),
        "partner 1 (big)": db_floor(1, args.requests),
        "every partner": db_floor(None, args.requests),
    }
    facts = seeding.sizes()
    from billing.models import DunningAction, Payment
    from tickets.models import Escalation

    print(
        f"\n{facts['tickets']:,} tickets ({facts['big_partner_tickets']:,} big partner, "
        f"{facts['typical_partner_tickets']:,} typical), {Escalation.objects.count():,} "
        f"escalations, {Invoice.objects.count():,} invoices, {Payment.objects.count():,} "
        f"payments, {DunningAction.objects.count():,} dunning steps; {facts['postgres']}"
    )
    print("period: the last twelve weeks (the default)")
    if built:
        print(
            f"stored days: the nightly run ({built['nightly_days']} days) took "
            f"{built['nightly_s']} s, the backfill of the period's other "
            f"{built['backfill_days']} days {built['backfill_s']} s; today computed live"
        )
    else:
        print("no stored days (--live): every day computed")
    print(f"{'endpoint':<36} {'reader':<26} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    for endpoint, who, r in rows:
        over = r["p95_ms"] > TARGET_P95_MS and endpoint.startswith("/api/reports/")
        print(
            f"{endpoint:<36} {who:<26} {r['queries']:>7} {r['median_ms']:>10} {r['p95_ms']:>8}"
            + ("  > 500" if over else "")
        )
    print("\nfloor in the database: COUNT(*) of the period's tickets (same index), median ms")
    for who, floor in floors.items():
        print(f"  {who:<20} {floor['tickets_in_period']:>9,} tickets  {floor['median_ms']:>8} ms")
    print(f"target: p95 <= {TARGET_P95_MS:.0f} ms per report")
    print(f"seeding seconds: {timings or 'reused'}; load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
