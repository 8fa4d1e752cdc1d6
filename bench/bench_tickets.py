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

# bench_reports seeds through this module's names
from bench.tickets_endpoints import (  # noqa: E402
    SEARCH_TARGET_MS,
    endpoints,
    html_queue_ratios,
)
from bench.tickets_seed import seed, seeded_size  # noqa: E402, F401
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
    parser.add_argument(
        "--only", default="", help="time only the endpoints whose name holds this (and the floor)"
    )
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


def client_for(row):
    """A token client for the API rows; a session signed in as the row's user for a page."""
    from django.contrib.auth.models import User
    from django.test import Client

    if "session" not in row:
        return Client(HTTP_AUTHORIZATION=f"Token {row['token']}")
    client = Client()
    client.force_login(
        User.objects.get(username=row["session"]),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return client


def measure(rows, requests: int) -> list[dict]:
    """Time every endpoint ``requests`` times, interleaved in a shuffled order each round, so a
    neighbour's burst of CPU on this shared machine hits all endpoints alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for row in rows:
        row["client"] = client_for(row)
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
        **({"target_ms": row["target_ms"]} if "target_ms" in row else {}),
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
        target = r.get("target_ms", target_ms)
        flag = "" if r["p95_ms"] <= target else f"  > target {target:.0f}"
        print(
            f"{r['endpoint']:<52} {r['queries']:>7} {r['median_ms']:>10.2f} {r['p95_ms']:>8.2f} "
            f"{r['max_ms']:>8.2f}"
            f" {r['python_cpu_median_ms']:>7.2f}{flag}"
        )
    print(
        "(ms of wall time per request through the whole Django stack; "
        "cpu = this process's CPU time, median; p95 targets: "
        f"{target_ms:.0f} ms, searches {SEARCH_TARGET_MS:.0f} ms; read them beside the floor)"
    )
    floor = next((r for r in results if r["endpoint"].startswith("floor")), None)
    ratios = html_queue_ratios(results)
    for r in ratios:
        verdict = "meets" if r["ratio"] <= r["target_ratio"] else "MISSES"
        print(
            f"html queue / API list, {r['partner']}: {r['ratio']:.2f}× "
            f"(cpu {r['cpu_ratio']:.2f}×; {r['page_median_ms']:.2f} vs {r['api_median_ms']:.2f} "
            f"ms, {r['page_queries']} vs {r['api_queries']} queries; floor "
            f"{floor['median_ms'] if floor else '?'} ms) — target ≤ {r['target_ratio']:.0f}×: "
            f"{verdict}"
        )
    from bench.output import results_path, shown

    out = results_path(f"tickets-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json")
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
                "html_queue_ratios": html_queue_ratios(results),
            },
            indent=2,
        )
    )
    print(f"\nload average (1, 5, 15 min): {os.getloadavg()}; written {shown(out)}")


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
    from django.conf import settings

    # Pages link their static files; no manifest is built here (collectstatic), so plain names.
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain_static}
    with override_settings(ROOT_URLCONF="bench.floor_urls", STORAGES=storages):
        rows = [
            row
            for row in endpoints(args, keys, typical=2, big=1)
            if args.only in row["name"] or row["name"].startswith("floor")
        ]
        results = measure(rows, args.requests)
    report(results, sizes(), seeding)
    if args.drop:
        drop_database(url)


if __name__ == "__main__":
    main()
