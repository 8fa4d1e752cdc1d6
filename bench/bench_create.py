"""Benchmark of ticket creation over HTTP: gunicorn with 2 workers, wrk with 8 connections, on
PostgreSQL, beside its floor measured in the same run (a bare DRF endpoint that parses the same
POST body through the same middleware and token authentication, and writes nothing).

Seeds a database of its own (``desk_bench_create``, recreated on every run): one partner, an
agent with an API token, ``--customers`` customers. Each request creates a ticket assigned to the
agent (status and assignee set, three Events, the acknowledgement e-mail in the outbox). The
outbox hands over to a real Redis broker (``BENCH_REDIS_URL``) that no worker consumes, so the
run measures creation, not delivery; the script reads back afterwards the tickets and queued
e-mails in the database, the e-mail ids that reached the broker (each once), and the SQL
statements of one floor request and one creation (the figure that does not depend on the load).

    .venv/bin/python bench/bench_create.py                  # 20 s per measure
    .venv/bin/python bench/bench_create.py --seconds 10 --label after
"""

import argparse
import json
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/desk_bench_create"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Token %(token)s"
local customers = {%(customers)s}
local n = 0
request = function()
  n = n + 1
  local body = string.format(
    '{"customer": %%d, "category": "billing_question", "subject": "Invoice %%d", '
    .. '"description": "Why is this invoice higher than last month?", "priority": "high", '
    .. '"assignee": %(agent)d}', customers[1 + n %% #customers], n)
  return wrk.format(nil, nil, nil, body)
end
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="per measure")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--label", default="", help="JSON to bench/results/bench_create-LABEL.json")
    return parser.parse_args()


def env(url: str, broker_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": broker_url,
        # The shared cache is Redis, as deployed (docker-compose.yml): the throttle's counter and
        # the cached desk settings are a round trip each, for the floor and the creation alike.
        "REDIS_URL": broker_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "60",
        # A load test is one user writing thousands of times a minute: the per-user limit stays
        # on (its cache round trip is measured) but cannot refuse.
        "THROTTLE_WRITE": "10000000/min",
    }


def setup(url: str, broker_url: str, customers: int) -> dict:
    import psycopg
    import redis
    from psycopg import sql

    redis.Redis.from_url(broker_url).flushdb()
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    os.environ.update(env(url, broker_url))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from knox.models import AuthToken

    from partners.models import Customer, Membership, Partner

    call_command("migrate", verbosity=0)
    partner = Partner.objects.create(
        name="Bench partner", slug="bench", support_email="help@bench.example"
    )
    agent = get_user_model().objects.create(username="agent", email="agent@bench.example")
    Membership.objects.create(partner=partner, user=agent, role="agent")
    rows = Customer.objects.bulk_create(
        Customer(partner=partner, name=f"Customer {n}", email=f"c{n}@customer.example")
        for n in range(customers)
    )
    return {
        "token": AuthToken.objects.create(user=agent)[1],
        "agent": agent.pk,
        "customers": [c.pk for c in rows],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(port: int, path: str, script: str, args) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            "-s",
            script,
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = re.search(r"Latency\s+(\S+)", out).group(1)
    return {
        "requests_per_second": round(rate, 1),
        "requests": total,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "mean_latency": latency,
    }


def statements(seeded: dict) -> dict:
    """SQL statements of one floor request and of one creation, through the same token, in this
    process (BEGIN and COMMIT counted): the figure that does not depend on the machine's load."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ROOT_URLCONF = "bench.floor_urls"
    client = Client(HTTP_AUTHORIZATION=f"Token {seeded['token']}", HTTP_HOST="127.0.0.1")
    body = json.dumps(
        {
            "customer": seeded["customers"][0],
            "category": "billing_question",
            "subject": "Counted",
            "description": "How many statements?",
            "priority": "high",
            "assignee": seeded["agent"],
        }
    )
    counts = {}
    for name, path in (("floor", "/api/bench-floor/"), ("create", "/api/tickets/")):
        client.post(path, body, content_type="application/json")  # caches warm
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(path, body, content_type="application/json")
        assert response.status_code == 201, response.content
        counts[name] = len(ctx.captured_queries)
    return counts


def handed_over(broker_url: str) -> dict:
    """What reached the broker (no worker consumes it): tasks, and the e-mail ids they carry."""
    import base64

    import redis

    ids, tasks = [], 0
    for raw in redis.Redis.from_url(broker_url).lrange("celery", 0, -1):
        body = json.loads(base64.b64decode(json.loads(raw)["body"]))
        first = body[0][0]
        ids += first if isinstance(first, list) else [first]
        tasks += 1
    return {"tasks": tasks, "ids": len(ids), "distinct_ids": len(set(ids))}


def main():
    args = parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    broker_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    seeded = setup(url, broker_url, args.customers)
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "bench.floor_wsgi",
            f"-w{args.workers}",
            f"-b127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env(url, broker_url),
    )
    results = {}
    try:
        time.sleep(3)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(
                LUA
                % {
                    "token": seeded["token"],
                    "agent": seeded["agent"],
                    "customers": ", ".join(map(str, seeded["customers"])),
                }
            )
        wrk(port, "/api/bench-floor/", script.name, args)  # warm-up
        for name, path in (("floor", "/api/bench-floor/"), ("create", "/api/tickets/")):
            print(f"  measuring {name} ({path}) for {args.seconds} s …", flush=True)
            results[name] = wrk(port, path, script.name, args)
    finally:
        server.terminate()
        server.wait(10)
    from django.db import connections

    from notifications.models import Notification
    from tickets.models import Ticket

    connections.close_all()
    created = results["create"]["requests"] - results["create"]["non_2xx"]
    counts = {"tickets": Ticket.objects.count(), "emails": Notification.objects.count()}
    broker = handed_over(broker_url)
    sql = statements(seeded)
    floor, create = results["floor"], results["create"]
    ratio = create["requests_per_second"] / floor["requests_per_second"]
    print(
        f"\nTicket creation over HTTP (gunicorn -w{args.workers}, wrk -c{args.connections}, "
        f"{args.seconds} s each; {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} CPUs)\n"
        f"  floor: bare DRF POST            {floor['requests_per_second']:>8,.0f} req/s"
        f"  (latency {floor['mean_latency']})\n"
        f"  ticket creation (POST /api/tickets/) {create['requests_per_second']:>5,.0f} "
        f"tickets/s  (latency {create['mean_latency']}, {create['non_2xx']} non-2xx)\n"
        f"  ratio to the floor               {ratio:.2f}  (target: 300 tickets/s, ~0.25)\n"
        f"  rows after the run: {counts['tickets']:,} tickets, {counts['emails']:,} e-mails queued "
        f"for {created:,} responses 201 (wrk counts requests cut off at the end too)\n"
        f"  handed to the broker: {broker['ids']:,} e-mail ids ({broker['distinct_ids']:,} "
        f"distinct) in {broker['tasks']:,} tasks\n"
        f"  SQL statements per request (BEGIN/COMMIT counted): floor {sql['floor']}, "
        f"creation {sql['create']}\n"
        f"  load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    result = {
        "benchmark": "create",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "workers": args.workers,
        "connections": args.connections,
        "seconds": args.seconds,
        "floor": floor,
        "create": create,
        "ratio": round(ratio, 3),
        "rows": counts,
        "handed_over": broker,
        "statements": sql,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "code": subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
        ).stdout.strip(),
    }
    name = f"bench_create-{args.label}.json" if args.label else "bench_create.json"
    from bench.output import results_path, shown

    out = results_path(name)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"\nJSON written to {shown(out)}")
    import redis

    redis.Redis.from_url(broker_url).flushdb()


if __name__ == "__main__":
    main()
