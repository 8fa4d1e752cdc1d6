"""Benchmark of the ticket API at scale, on PostgreSQL.

Seeds (once; reused on later runs) a database of its own with ``--tickets`` tickets (default
1,000,000) and ``--messages`` messages per ticket across ``--partners`` partners, one of which
holds ``--big-share`` of all tickets. The rows are generated inside PostgreSQL
(``INSERT … SELECT generate_series``) with the secondary indexes dropped during the load and
rebuilt after, so a million tickets take minutes on two cores, not an hour.

Then it measures, through the whole Django + DRF stack (Django's test client, real token
authentication, the app's middleware), the partner queue, filtered queues and the ticket detail
for a typical partner and for the big one, and a bare DRF endpoint on the same stack as the floor:
median and p95 over ``--requests`` requests each, and the queries each request makes. It prints a
table and writes JSON to bench/results/.

    .venv/bin/python bench/bench_tickets.py                 # 1M tickets (seeds on the first run)
    .venv/bin/python bench/bench_tickets.py --tickets 100000 --reseed
    BENCH_DATABASE_URL=postgres://user@host:5432/db .venv/bin/python bench/bench_tickets.py
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
import warnings
from datetime import UTC, datetime
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/desk_bench_tickets"
URL = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
SEEDED_TABLES = ["tickets_ticket", "tickets_message", "tickets_escalation"]

# Django reads these once, when it sets up just below; the project's modules come after that.
os.environ.update(
    {
        "DATABASE_URL": URL,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "WARNING",
    }
)
os.environ.pop("CELERY_BROKER_URL", None)  # nothing is queued by reads; keep Celery eager
django.setup()

from core.actors import OPERATORS_GROUP  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--messages", type=int, default=3, help="messages per ticket")
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--customers", type=int, default=50, help="customers per partner")
    parser.add_argument(
        "--big-share", type=float, default=0.10, help="share of all tickets held by partner 1"
    )
    parser.add_argument("--requests", type=int, default=300, help="timed requests per endpoint")
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--reseed", action="store_true", help="drop the seeded rows and seed again")
    parser.add_argument("--seed-only", action="store_true", help="seed (if needed) and stop")
    parser.add_argument(
        "--drop", action="store_true", help="drop the benchmark database at the end"
    )
    return parser.parse_args()


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- seeding -------------------------------------------------------------------------------


def seeded_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'tickets_ticket'")
        row = cursor.fetchone()
    return max(row[0], 0) if row else 0


def seed(args) -> dict:
    from django.db import connection

    started = time.perf_counter()
    timings = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SET session_replication_role = replica"
        )  # no FK triggers during the bulk load
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute(
            "TRUNCATE tickets_escalation, tickets_attachment, tickets_message, tickets_ticket, "
            "partners_customer, partners_membership, knox_authtoken, auth_user_groups, auth_user, "
            "partners_partner, partners_event, notifications_notification RESTART IDENTITY CASCADE"
        )
        indexes = secondary_indexes(cursor)
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for step, sql in seed_statements(args):
            t0 = time.perf_counter()
            cursor.execute(sql, seed_params(args))
            timings[step] = round(time.perf_counter() - t0, 1)
            print(f"  seeded {step:<12} {timings[step]:>7.1f} s", flush=True)
        t0 = time.perf_counter()
        for _name, definition in indexes:
            cursor.execute(definition)
        timings["indexes"] = round(time.perf_counter() - t0, 1)
        print(f"  rebuilt {len(indexes)} indexes in {timings['indexes']:.1f} s", flush=True)
        cursor.execute("SET session_replication_role = origin")
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for table in [
            *SEEDED_TABLES,
            "partners_customer",
            "partners_partner",
            "auth_user",
            "partners_membership",
        ]:
            cursor.execute(f"VACUUM ANALYZE {table}")
    timings["vacuum_analyze"] = round(time.perf_counter() - t0, 1)
    timings["total"] = round(time.perf_counter() - started, 1)
    print(f"  seeded everything in {timings['total']:.0f} s", flush=True)
    return timings


def secondary_indexes(cursor) -> list[tuple[str, str]]:
    """The seeded tables' indexes that no constraint owns: dropped for the load, rebuilt after."""
    cursor.execute(
        """
        SELECT indexname, indexdef FROM pg_indexes
        WHERE tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)""",
        [SEEDED_TABLES],
    )
    return cursor.fetchall()


def seed_params(args) -> dict:
    big = int(args.tickets * args.big_share)
    return {
        "partners": args.partners,
        "customers": args.customers,
        "tickets": args.tickets,
        "big": big,
        "messages": args.messages,
    }


def seed_statements(args):
    yield (
        "partners",
        """
        INSERT INTO partners_partner (name, slug, default_language, support_email, time_zone,
                                      created_at)
        SELECT 'Bench partner ' || g, 'bench-' || g, 'en', 'support@bench-' || g || '.example',
               'Asia/Shanghai', now()
        FROM generate_series(1, %(partners)s) g ORDER BY g""",
    )
    yield (
        "users",
        """
        INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,
                               is_staff, is_active, date_joined)
        SELECT '!', false, 'bench-agent-' || g, '', '', 'agent' || g || '@bench.example', false,
               true, now()
        FROM generate_series(1, %(partners)s) g ORDER BY g""",
    )
    yield (
        "memberships",
        """
        INSERT INTO partners_membership (user_id, partner_id, role, created_at)
        SELECT g, g, 'agent', now() FROM generate_series(1, %(partners)s) g""",
    )
    yield (
        "customers",
        """
        INSERT INTO partners_customer (partner_id, name, email, language, collections_exempt,
                                       credit_balance, credit_currency, domain, external_id,
                                       created_at)
        SELECT p, 'Customer ' || p || '-' || k, 'billing' || p || '-' || k || '@customer.example',
               (ARRAY['en','zh-hans','es','fr','it','pt-br','ru'])[1 + k %% 7], false,
               0, '', '', '', now()
        FROM generate_series(1, %(partners)s) p, generate_series(1, %(customers)s) k
        ORDER BY p, k""",
    )
    yield "tickets", TICKETS_SQL
    yield (
        "messages",
        """
        INSERT INTO tickets_message (partner_id, ticket_id, author_id, author_kind, body,
                                     visibility, created_at)
        SELECT t.partner_id, t.id, CASE WHEN k %% 2 = 0 THEN t.partner_id END,
               CASE WHEN k %% 2 = 0 THEN 'partner' ELSE 'customer' END,
               'Message ' || k || ' on ticket ' || t.id
                   || ': we are checking the invoice lines with our billing team.',
               CASE WHEN k %% 3 = 0 THEN 'internal' ELSE 'public' END,
               t.created_at + k * interval '1 hour'
        FROM tickets_ticket t, generate_series(1, %(messages)s) k""",
    )
    yield (
        "escalations",
        """
        INSERT INTO tickets_escalation (partner_id, ticket_id, status, summary, steps_taken,
                                        outcome, response, created_by_id, created_at, updated_at)
        SELECT partner_id, id, 'submitted', 'Seat count dispute',
               'Compared usage with the invoice', '', '',
               partner_id, updated_at, updated_at
        FROM tickets_ticket WHERE status = 'escalated' ORDER BY updated_at""",
    )


# Partner 1 holds the big share; the others share the rest evenly. Statuses, priorities and
# categories follow a plausible mix (half of all tickets closed, a fifth open, …).
TICKETS_SQL = """
INSERT INTO tickets_ticket (partner_id, customer_id, category, subject, description, priority,
    channel, assignee_id, status, status_token, first_response_due, first_responded_at,
    resolution_due, resolved_at, closed_at, auto_close_at, created_at, updated_at)
SELECT p, (p - 1) * %(customers)s + 1 + g %% %(customers)s, cat,
       'Ticket ' || g || ': question about our invoice',
       'The customer asks about the charges on their latest invoice.', pri,
       (ARRAY['web','web','api','email'])[1 + g %% 4],
       CASE WHEN r_assign < 0.6 THEN p END, st,
       md5(g || ':' || random()) || md5(random() || ':' || g),
       created + interval '8 hours', CASE WHEN st <> 'new' THEN created + interval '2 hours' END,
       created + interval '72 hours', CASE WHEN st IN ('resolved', 'closed') THEN updated END,
       CASE WHEN st = 'closed' THEN updated END,
       CASE WHEN st = 'resolved' THEN updated + interval '7 days' END,
       created, updated
FROM (
    SELECT g, CASE WHEN g <= %(big)s THEN 1 ELSE 2 + g %% (%(partners)s - 1) END AS p,
           random() AS r_assign,
           CASE WHEN r_st < 0.50 THEN 'closed' WHEN r_st < 0.60 THEN 'resolved'
                WHEN r_st < 0.80 THEN 'open' WHEN r_st < 0.88 THEN 'new'
                WHEN r_st < 0.96 THEN 'pending_customer' ELSE 'escalated' END AS st,
           CASE WHEN r_pri < 0.2 THEN 'low' WHEN r_pri < 0.7 THEN 'normal'
                WHEN r_pri < 0.9 THEN 'high' ELSE 'urgent' END AS pri,
           (ARRAY['billing_question','invoice_dispute','payment_issue','refund_request',
                  'suspension','other'])
               [1 + floor(r_cat * 6)::int] AS cat,
           created, LEAST(now(), created + r_upd * interval '10 days') AS updated
    FROM (SELECT g, random() AS r_st, random() AS r_pri, random() AS r_cat, random() AS r_upd,
                 now() - random() * interval '365 days' AS created
          FROM generate_series(1, %(tickets)s) g) raw
) s"""


# --- measuring -----------------------------------------------------------------------------


def tokens(partner_ids) -> dict:
    from django.contrib.auth.models import Group, User
    from knox.models import AuthToken

    operator, _ = User.objects.get_or_create(
        username="bench-operator", defaults={"email": "ops@bench.example"}
    )
    operator.groups.add(Group.objects.get_or_create(name=OPERATORS_GROUP)[0])
    users = {f"agent-{p}": User.objects.get(username=f"bench-agent-{p}") for p in partner_ids}
    return {
        who: AuthToken.objects.create(user=user)[1]
        for who, user in {**users, "operator": operator}.items()
    }


def search_rows(who: str, partner: int, ids: list[int], size: int) -> list[dict]:
    """``?search=`` (core.search): a ticket number, a customer's name, a word no ticket holds
    (every trigram index probed, nothing found) and a word in most messages (the ranking of many
    matches is the cost)."""
    customer = f"Customer {partner}-7"
    searches = {
        "a ticket number": [f"%23{i}" for i in ids[:50]],
        "a customer name": [customer.replace(" ", "+")],
        "a word nobody wrote": ["zqxjv"],
        "a word in most messages": ["billing+team"],
    }
    return [
        {
            "name": f"search {what}, {who}",
            "who": who,
            "paths": [f"/api/tickets/?search={term}&page_size={size}" for term in terms],
        }
        for what, terms in searches.items()
    ]


def endpoints(args, keys, typical: int, big: int) -> list[dict]:
    from django.db import connection

    size = args.page_size

    def sample_ids(partner):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM tickets_ticket WHERE partner_id = %s ORDER BY random() LIMIT 200",
                [partner],
            )
            return [row[0] for row in cursor.fetchall()]

    def deep_page(partner):
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM tickets_ticket WHERE partner_id = %s", [partner])
            return max(1, min(20, cursor.fetchone()[0] // size))

    rows = [
        {
            "name": "floor: bare DRF endpoint",
            "who": f"agent-{typical}",
            "paths": ["/api/bench-floor/"],
        }
    ]
    for label, partner in (("typical partner", typical), ("big partner", big)):
        who = f"agent-{partner}"
        ids = sample_ids(partner)
        rows += [
            {"name": f"queue, {label}", "who": who, "paths": [f"/api/tickets/?page_size={size}"]},
            {
                "name": f"filtered status=open&priority=high, {label}",
                "who": who,
                "paths": [f"/api/tickets/?status=open&priority=high&page_size={size}"],
            },
            {
                "name": f"filtered assignee+category, {label}",
                "who": who,
                "paths": [
                    f"/api/tickets/?assignee={partner}&category=invoice_dispute&page_size={size}"
                ],
            },
            {
                "name": f"queue page {deep_page(partner)}, {label}",
                "who": who,
                "paths": [f"/api/tickets/?page={deep_page(partner)}&page_size={size}"],
            },
            {
                "name": f"ticket detail, {label}",
                "who": who,
                "paths": [f"/api/tickets/{i}/" for i in ids],
            },
            *search_rows(who, partner, ids, size),
        ]
    rows.append(
        {
            "name": "operator escalation queue (submitted)",
            "who": "operator",
            "paths": [f"/api/escalations/?status=submitted&page_size={size}"],
        }
    )
    for row in rows:
        row["token"] = keys[row["who"]]
    return rows


def measure(rows, requests: int) -> list[dict]:
    """Time every endpoint ``requests`` times, interleaved in a shuffled order each round, so a
    neighbour's burst of CPU on this shared machine hits all endpoints alike."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for row in rows:
        row["client"] = Client(HTTP_AUTHORIZATION=f"Token {row['token']}")
        for path in row["paths"][:20]:  # warm-up: connections, caches, the first of each plan
            response = row["client"].get(path)
            assert response.status_code == 200, (path, response.content[:300])
        with CaptureQueriesContext(connection) as ctx:
            row["client"].get(row["paths"][0])
        row["queries"] = len(ctx.captured_queries)  # now: the next request's start clears the log
        row["wall"], row["cpu"] = [], []
    order = list(range(len(rows)))
    for n in range(requests):
        random.shuffle(order)
        for index in order:
            row = rows[index]
            path = row["paths"][n % len(row["paths"])]
            wall, cpu = time.perf_counter(), time.thread_time()
            response = row["client"].get(path)
            row["cpu"].append((time.thread_time() - cpu) * 1000)
            row["wall"].append((time.perf_counter() - wall) * 1000)
            assert response.status_code == 200
    return [summary(row, requests) for row in rows]


def summary(row, requests: int) -> dict:
    wall = sorted(row["wall"])
    return {
        "endpoint": row["name"],
        "example": row["paths"][0],
        "requests": requests,
        "queries": row["queries"],
        "median_ms": round(statistics.median(wall), 2),
        "p95_ms": round(wall[int(0.95 * len(wall)) - 1], 2),
        "max_ms": round(wall[-1], 2),
        "python_cpu_median_ms": round(statistics.median(row["cpu"]), 2),
    }


def sizes() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tickets_ticket")
        tickets = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM tickets_message")
        messages = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM partners_partner")
        partners = cursor.fetchone()[0]
        cursor.execute(
            "SELECT partner_id, count(*) FROM tickets_ticket WHERE partner_id IN (1, 2) "
            "GROUP BY 1 ORDER BY 1"
        )
        per_partner = dict(cursor.fetchall())
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('tickets_ticket')), "
            "pg_size_pretty(pg_total_relation_size('tickets_message')), version()"
        )
        ticket_size, message_size, version = cursor.fetchone()
    return {
        "tickets": tickets,
        "messages": messages,
        "partners": partners,
        "big_partner_tickets": per_partner.get(1),
        "typical_partner_tickets": per_partner.get(2),
        "ticket_table": ticket_size,
        "message_table": message_size,
        "postgres": version.split(" on ")[0],
    }


def report(results, facts, seeding, target_ms=25.0) -> None:
    print(
        f"\n{facts['tickets']:,} tickets, {facts['messages']:,} messages, "
        f"{facts['partners']} partners "
        f"(big partner: {facts['big_partner_tickets']:,} tickets, "
        f"typical: {facts['typical_partner_tickets']:,})"
    )
    print(
        f"{'endpoint':<52} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} "
        f"{'cpu ms':>7}"
    )
    for r in results:
        flag = "" if r["p95_ms"] <= target_ms else "  > target"
        print(
            f"{r['endpoint']:<52} {r['queries']:>7} {r['median_ms']:>10.2f} {r['p95_ms']:>8.2f} "
            f"{r['max_ms']:>8.2f}"
            f" {r['python_cpu_median_ms']:>7.2f}{flag}"
        )
    print(
        "(ms of wall time per request through the whole Django stack; "
        "cpu = this process's CPU time, median)"
    )
    out = ROOT / "bench" / "results" / f"tickets-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "facts": facts,
                "seeding_seconds": seeding,
                "target_p95_ms": target_ms,
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "load_average_after": os.getloadavg(),
                "results": results,
            },
            indent=2,
        )
    )
    print(f"\nload average (1, 5, 15 min): {os.getloadavg()}; written {out.relative_to(ROOT)}")


def main():
    warnings.filterwarnings(
        "ignore", message="No directory at"
    )  # whitenoise: static files are not built here
    args = parse_args()
    url = URL
    ensure_database(url)
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)

    seeding = None
    if args.reseed or seeded_size() < args.tickets * 0.95:
        print(
            f"seeding {args.tickets:,} tickets × {args.messages} messages "
            f"into {url.rsplit('/', 1)[1]} …",
            flush=True,
        )
        seeding = seed(args)
    else:
        print(
            f"reusing the seeded database ({seeded_size():,} tickets); --reseed to seed again",
            flush=True,
        )
    if args.seed_only:
        return
    random.seed(1)
    keys = tokens([1, 2])
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        results = measure(endpoints(args, keys, typical=2, big=1), args.requests)
    report(results, sizes(), seeding)
    if args.drop:
        drop_database(url)


if __name__ == "__main__":
    main()
