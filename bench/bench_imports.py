"""Benchmark of imports on PostgreSQL: 100,000 customers, then 100,000 invoices, each file then
imported again (every row unchanged), beside floors measured in the same run.

Seeds a database of its own (``desk_bench_imports``, recreated on every run): one partner and its
admin. Writes two CSV files (``--rows`` rows each; the invoices spread over the customers) and
runs each import the way the worker does — ``import_job_create`` (the upload's checks: type,
header, UTF-8, the row count) then ``import_job_run`` (a chunk of 1,000 rows at a time through
``customers_upsert_many`` / ``invoices_upsert_many``, the single-row services' rules, in one
transaction) — each in a child process of its own, so that its peak memory (the child's maximum
RSS) is that import's alone.

Beside the wall-clock figures, load-independent ones: the SQL statements the import sent, the
CPU seconds of the import process and of its PostgreSQL backend (what the machine's other load
does not add to), rows per CPU second of the two together (the import waits for its backend:
the rate of an otherwise idle machine), and the load average at the start and the end.

Floors, measured in the same run, beside each figure:
- rows/s: the csv module reading the same file (the parser alone), and one single-row INSERT per
  row in one transaction (what writing row by row costs at the least, without any rule);
- peak memory: a child that starts Django and reads the whole file through ``imports.reading``
  without writing (what the process weighs before any row is written).

    .venv/bin/python bench/bench_imports.py                 # 100,000 rows per file
    .venv/bin/python bench/bench_imports.py --rows 10000    # a quick look
    .venv/bin/python bench/bench_imports.py --label after   # JSON to bench/results/…-after.json
"""

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/desk_bench_imports"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--label", default="", help="JSON to bench/results/bench_imports-LABEL.json"
    )
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "FILE"), help=argparse.SUPPRESS)
    return parser.parse_args()


def environment(url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "HTTPS": "false",
        "LOG_LEVEL": "WARNING",
        "CELERY_BROKER_URL": "",
        "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "desk-bench-imports-media"),
    }


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def analyze(url: str) -> None:
    """What autovacuum does once an import of this size is committed (its threshold: a tenth of
    the table changed), before anyone imports the same file again: fresh planner statistics.
    Without them the planner still believes the table empty and looks the keys up through the
    partner's index, reading every row of the partner for each chunk."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")


def write_files(folder: Path, rows: int) -> dict:
    customers, invoices = folder / "customers.csv", folder / "invoices.csv"
    with customers.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["external_id", "name", "email", "language", "collections_exempt"])
        for n in range(rows):
            writer.writerow(
                [
                    f"C-{n:06d}",
                    f"Customer {n}",
                    f"billing{n}@customer.example",
                    ("en", "fr", "zh-hans", "es")[n % 4],
                    "false",
                ]
            )
    issued = date.today() - timedelta(days=20)
    with invoices.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["number", "customer_external_id", "amount", "currency", "issue_date", "due_date"]
        )
        for n in range(rows):
            writer.writerow(
                [
                    f"INV-{n:06d}",
                    f"C-{n % rows:06d}",
                    f"{100 + n % 900}.50",
                    "CNY",
                    issued.isoformat(),
                    (issued + timedelta(days=30)).isoformat(),
                ]
            )
    return {"customers": customers, "invoices": invoices}


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KB on Linux


def child(what: str, path: str) -> dict:
    """One measure, in this (fresh) process: an import, or a floor."""
    import django

    django.setup()
    from django.core.files import File
    from django.db import connection, transaction

    from core.actors import actor_for
    from imports.kinds import KINDS
    from imports.reading import table_open
    from imports.services import import_job_create, import_job_run
    from partners.models import Membership

    if what == "floor_read":
        started = time.monotonic()
        with open(path, newline="") as handle:
            rows = sum(1 for _row in csv.reader(handle)) - 1
        return {"rows": rows, "seconds": time.monotonic() - started, "peak_mb": peak_mb()}
    if what == "floor_memory":
        kind = KINDS["customers"]
        with open(path, "rb") as handle:
            table = table_open(handle, path, required=kind.columns)
            rows = sum(1 for _row in table.rows(kind.columns))
        return {"rows": rows, "seconds": 0, "peak_mb": peak_mb()}
    if what == "floor_insert":
        rows = int(path)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_floor (id bigserial PRIMARY KEY, key text)")
        started = time.monotonic()
        with transaction.atomic(), connection.cursor() as cursor:
            for n in range(rows):
                cursor.execute("INSERT INTO bench_floor (key) VALUES (%s)", [f"C-{n:06d}"])
        seconds = time.monotonic() - started
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_floor")
        return {"rows": rows, "seconds": seconds, "peak_mb": peak_mb()}
    admin = Membership.objects.select_related("user").get(role="admin").user
    kind = what.split(":")[0]
    backend = backend_cpu_seconds()
    started, cpu_started = time.monotonic(), time.process_time()
    with open(path, "rb") as handle:
        job = import_job_create(
            actor=actor_for(admin),
            kind=kind,
            file=File(handle, name=Path(path).name),
            enqueue=False,
        )
    checked = time.monotonic() - started
    statements = [0]

    def count(execute, sql, params, many, context):
        statements[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        job = import_job_run(job_id=job.pk)
    seconds = time.monotonic() - started
    cpu = time.process_time() - cpu_started
    backend = backend_cpu_seconds() - backend
    return {
        "rows": job.total_rows,
        "status": job.status,
        "created": job.created,
        "unchanged": job.unchanged,
        "errors": job.errors[:3],
        "upload_check_seconds": round(checked, 2),
        "statements": statements[0],
        "cpu_seconds": round(cpu, 2),
        "db_cpu_seconds": round(backend, 2),
        "rows_per_cpu_second": round(job.total_rows / (cpu + backend)) if cpu + backend else 0,
        "seconds": seconds,
        "peak_mb": peak_mb(),
    }


def backend_cpu_seconds() -> float:
    """CPU seconds this connection's PostgreSQL backend has used (its /proc entry: the server
    runs on this machine), so the import's database work is counted however loaded the machine."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def measure(env: dict, what: str, arg) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", what, str(arg)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise SystemExit(f"{what} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    seconds = result["seconds"]
    result["rows_per_second"] = round(result["rows"] / seconds) if seconds else 0
    result["seconds"] = round(result["seconds"], 1)
    return result


def seed(env: dict) -> None:
    code = (
        "import django; django.setup()\n"
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from django.contrib.auth import get_user_model\n"
        "from partners.models import Membership, Partner\n"
        "p = Partner.objects.create(name='Bench', slug='bench', support_email='b@bench.example')\n"
        "u = get_user_model().objects.create(username='bench-admin', email='a@bench.example')\n"
        "Membership.objects.create(partner=p, user=u, role='admin')\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


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


def main() -> None:
    args = parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = environment(url)
    load_before = os.getloadavg()
    recreate_database(url)
    seed(env)
    with tempfile.TemporaryDirectory() as folder:
        files = write_files(Path(folder), args.rows)
        result = {
            "code": code_version(),
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "rows": args.rows,
            "floor_read": measure(env, "floor_read", files["customers"]),
            "floor_insert": measure(env, "floor_insert", args.rows),
            "floor_memory": measure(env, "floor_memory", files["customers"]),
        }
        for kind in ("customers", "invoices"):
            result[kind] = measure(env, kind, files[kind])
            analyze(url)
            result[f"{kind}_again"] = measure(env, f"{kind}:again", files[kind])
    result["load_average"] = {
        "start": [round(x, 2) for x in load_before],
        "end": [round(x, 2) for x in os.getloadavg()],
    }
    report(result)
    if args.label:
        from bench.output import results_path, shown

        path = results_path(f"bench_imports-{args.label}.json")
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(result, indent=2) + "\n")
        print(f"JSON: {shown(path)}")


def report(r: dict) -> None:
    floors = (
        f"floor: csv read {r['floor_read']['rows_per_second']:,} rows/s, "
        f"one INSERT per row {r['floor_insert']['rows_per_second']:,} rows/s"
    )
    load = r["load_average"]
    print(f"{r['rows']:,} rows per file, code {r['code']}, {r['machine']}")
    print(f"load average (1, 5, 15 min): start {load['start']}, end {load['end']}")
    print("targets: first import >= 5,000 rows/s, again >= 20,000 rows/s, peak <= 300 MB")
    print(floors)
    head = (
        f"{'rows/s':>10}{'seconds':>10}{'CPU s':>8}{'DB CPU s':>10}{'rows/CPU s':>12}"
        f"{'statements':>12}{'peak MB':>10}"
    )
    print(f"{'measure':<18}{head}  target")
    for name in ("customers", "customers_again", "invoices", "invoices_again"):
        m = r[name]
        if m["status"] != "done":
            raise SystemExit(f"{name}: {m['status']} {m['errors']}")
        figures = (
            f"{m['rows_per_second']:>10,}{m['seconds']:>10}{m['cpu_seconds']:>8}"
            f"{m['db_cpu_seconds']:>10}{m['rows_per_cpu_second']:>12,}"
            f"{m['statements']:>12,}{m['peak_mb']:>10}"
        )
        target = "20,000 rows/s" if name.endswith("again") else "5,000 rows/s"
        print(f"{name:<18}{figures}  {target}")
    print(
        f"{'floor: memory':<18}{'':>62}{r['floor_memory']['peak_mb']:>10}  "
        "Django started, the file read through imports.reading, nothing written"
    )


if __name__ == "__main__":
    main()
