"""The commands docker-compose.yml runs start and serve on this machine too."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.paths import ROOT

# Real processes, seconds each: out of `make test-fast`, in both passes of `scripts/test`.
pytestmark = pytest.mark.processes
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 20.0) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.fixture
def app_env(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "HTTPS": "false",
        "DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "process-test-" + "x" * 40,
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    return env


def test_gunicorn_serves_the_app(app_env):
    port = free_port()
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=app_env,
    )
    try:
        assert b'"ok"' in wait_for(f"http://127.0.0.1:{port}/healthz")
    finally:
        proc.terminate()
        proc.wait(10)


def test_celery_beat_starts_with_the_schedule(app_env, tmp_path):
    proc = subprocess.Popen(
        [str(BIN / "celery"), "-A", "config", "beat", "--loglevel", "INFO", "--max-interval", "1"],
        cwd=ROOT,
        env=app_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines, started = [], threading.Event()

    def read():
        for line in proc.stdout:
            lines.append(line)
            if "beat: Starting" in line:
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        # Until beat says it started (slow on a loaded machine), then a moment to load the schedule.
        if started.wait(60):
            time.sleep(2)
    finally:
        proc.terminate()
        proc.wait(10)
        reader.join(10)
    output = "".join(lines)
    assert "beat: Starting" in output, output
    assert "Traceback" not in output, output
