"""Every benchmark under bench/ runs end to end at a tiny size and prints its floor.

The benchmarks seed their own databases with raw SQL and drive real processes (gunicorn, wrk, a
Celery worker, dovecot), so a new column or a changed sign-in breaks them without failing any
other test; twice this round one was found broken only when someone wanted its figure. This run
proves each one still works, not how fast: the figures of a tiny run mean nothing.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from tests.conftest import IN_CI
from tests.support.paths import ROOT

# PostgreSQL (each benchmark's own database), Redis, real processes: the PostgreSQL pass only.
pytestmark = [pytest.mark.postgres, pytest.mark.processes]
PYTHON = Path(sys.executable)
REDIS_URL = "redis://127.0.0.1:6379/13"  # flushed by the benchmarks; no test uses it

# name: (arguments, environment, a line its report prints beside the figure, writes JSON)
CASES = {
    "bench_create": (["--seconds", "1", "--customers", "5"], {}, "floor: bare DRF POST", True),
    "bench_collections": (
        ["--invoices", "200", "--partners", "2", "--batch-size", "50"],
        {},
        "floor: 4 KB rows inserted per second",
        True,
    ),
    "bench_email": ([], {"BENCH_EMAILS": "20"}, "floor_raw_smtp_per_second", True),
    "bench_inbound": ([], {"BENCH_INBOUND": "20", "BENCH_IMAP": "5"}, "floor: parse only", True),
    "bench_imports": (["--rows", "200", "--label", "smoke"], {}, "floor", True),
    "bench_reports": (["--tickets", "2000", "--requests", "2"], {}, "floor", False),
    "bench_tickets": (
        ["--tickets", "2000", "--partners", "4", "--customers", "5", "--requests", "3"],
        {},
        "floor: bare DRF endpoint",
        True,
    ),
}


def server_url() -> str:
    """The PostgreSQL server the suite runs against, without a database name."""
    parts = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/desk"))
    return f"{parts.scheme}://{parts.netloc}"


def recreate(database: str) -> None:
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))


def drop(database: str) -> None:
    with psycopg.connect(f"{server_url()}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
        )


@pytest.fixture
def tools():
    missing = [tool for tool in ("wrk",) if shutil.which(tool) is None]
    if not Path("/usr/sbin/dovecot").exists():
        missing.append("dovecot")
    if missing:
        message = f"the benchmarks need {', '.join(missing)}"
        if IN_CI:
            pytest.fail(message + " (CI=true: .ci/run installs them)")
        pytest.skip(message)


@pytest.mark.parametrize("name", sorted(CASES))
def test_it_runs_and_prints_its_floor(name, tools, tmp_path):
    arguments, extra, floor_line, writes_json = CASES[name]
    database = f"bench_smoke_{name}"
    recreate(database)
    env = {
        **os.environ,
        **extra,
        "BENCH_DATABASE_URL": f"{server_url()}/{database}",
        "BENCH_REDIS_URL": REDIS_URL,
        "BENCH_RESULTS_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # each benchmark picks its own settings
    try:
        run = subprocess.run(
            [str(PYTHON), str(ROOT / "bench" / f"{name}.py"), *arguments],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        drop(database)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert floor_line in run.stdout, run.stdout[-3000:]
    if writes_json:
        written = list(tmp_path.glob("*.json"))
        assert written, "no JSON written"
        assert all(json.loads(path.read_text()) for path in written)
