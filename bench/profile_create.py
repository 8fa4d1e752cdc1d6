"""Where a creation's time goes, in-process: the floor and ticket creation through Django's test
client with an API token, against PostgreSQL (``DEBUG=false``), on the database
``bench_create.py`` seeds. Prints per request the wall time, this process's CPU and the
PostgreSQL backend's CPU (the two CPU figures move far less with the machine's load than the wall
time), and with ``--profile`` the functions that take the most of the CPU (cProfile with a CPU
clock; the outbox gatherer's thread is not in it).

    .venv/bin/python bench/profile_create.py --requests 400 --profile 40
"""

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_create import DEFAULT_REDIS_URL, DEFAULT_URL, env, setup  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    broker_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    os.environ.update({**env(url, broker_url), "ALLOWED_HOSTS": "127.0.0.1"})
    seeded = setup(url, broker_url, 200)

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ROOT_URLCONF = "bench.floor_urls"
    client = Client(HTTP_AUTHORIZATION=f"Token {seeded['token']}", HTTP_HOST="127.0.0.1")
    customers = seeded["customers"]

    def post(path: str, n: int) -> None:
        body = {
            "customer": customers[n % len(customers)],
            "category": "billing_question",
            "subject": f"Invoice {n}",
            "description": "Why is this invoice higher than last month?",
            "priority": "high",
            "assignee": seeded["agent"],
        }
        response = client.post(path, json.dumps(body), content_type="application/json")
        assert response.status_code == 201, response.content

    def backend_cpu() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def measure(name: str, path: str) -> None:
        connection.ensure_connection()
        wall, cpu, pg = time.perf_counter(), time.process_time(), backend_cpu()
        for n in range(args.requests):
            post(path, n)
        per = 1000 / args.requests
        print(
            f"  {name:<8} wall {(time.perf_counter() - wall) * per:6.2f} ms  "
            f"python CPU {(time.process_time() - cpu) * per:6.2f} ms  "
            f"PostgreSQL CPU {(backend_cpu() - pg) * per:5.2f} ms  per request"
        )

    for path in ("/api/bench-floor/", "/api/tickets/"):
        for n in range(50):  # warm: caches, connections, imports
            post(path, n)
    print(f"{args.requests} requests each (load average {os.getloadavg()[0]:.2f} at the start)")
    for _round in range(2):
        measure("floor", "/api/bench-floor/")
        measure("creation", "/api/tickets/")
    if args.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for n in range(args.requests):
            post("/api/tickets/", n)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
