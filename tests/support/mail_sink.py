"""A local SMTP sink (aiosmtpd) and a real Celery worker process, for the services test and the
benchmark.
"""

import email
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.support.paths import ROOT

logging.getLogger("mail.log").setLevel(logging.WARNING)  # one INFO line per SMTP command otherwise


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sink:
    """Accepts every message and remembers its Message-ID, in arrival order."""

    def __init__(self):
        self.message_ids: list[str] = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        message_id = email.message_from_bytes(envelope.original_content or envelope.content)[
            "Message-ID"
        ]
        with self.lock:
            self.message_ids.append(message_id)
        return "250 OK"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def wait_for(self, count: int, timeout: float) -> float:
        """Seconds until ``count`` messages arrived; raises TimeoutError with what came."""
        start = time.monotonic()
        while len(self.message_ids) < count:
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"{len(self.message_ids)} of {count} messages after {timeout} s")
            time.sleep(0.02)
        return time.monotonic() - start


def worker_env(*, database_url: str, broker_url: str, smtp_port: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": broker_url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "HTTPS": "false",
        "DEBUG": "false",
        "SECRET_KEY": "worker-under-test-" + "x" * 40,
        "LOG_LEVEL": "WARNING",
    }


def start_worker(env: dict, concurrency: int = 2) -> subprocess.Popen:
    """The command docker-compose.yml runs, with the test's environment.

    Its output goes to a file, not a pipe: nobody reads a pipe while the worker runs, and a full
    pipe would block the worker in the middle of a task.
    """
    celery = Path(sys.executable).parent / "celery"
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [
            str(celery),
            "-A",
            "config",
            "worker",
            "--loglevel",
            "WARNING",
            "--concurrency",
            str(concurrency),
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            f"outbox-test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    proc.log = log
    return proc


def worker_output(proc: subprocess.Popen) -> str:
    proc.log.seek(0)
    return proc.log.read()


def wait_until_ready(app, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Wait for the worker to answer a ping; stop it (never leave it running) if it does not."""
    deadline = time.monotonic() + timeout
    try:
        while not app.control.ping(timeout=0.5):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the Celery worker did not start")
    except BaseException as exc:
        output = stop_worker(proc)
        raise RuntimeError(f"{exc}:\n{output}") from exc


def stop_worker(proc: subprocess.Popen) -> str:
    proc.terminate()  # warm shutdown: finishes the tasks at hand
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    output = worker_output(proc)
    proc.log.close()
    return output


def use_broker(app, url: str) -> None:
    """Point this process's Celery app at ``url`` (not eager) and drop pooled connections."""
    app.conf.update(broker_url=url, task_always_eager=False)
    # app.close() skips an empty-looking pool, and producers would stay connected to the old broker.
    # Drop the pools without closing them: a control mailbox may still hold on to the old one.
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
