"""The Celery path: the upload queues the task on commit, the task runs the service, progress is
read from the cache while the job's transaction is still open; and, on PostgreSQL with Redis, a
real worker process runs an upload to the end."""

import os
import time
from unittest import mock
from urllib.parse import urlparse

import pytest
import redis
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from imports import services, tasks
from imports.models import ImportJob
from partners.models import Customer
from tests.conftest import require_service
from tests.support.imports import csv_file
from tests.support.mail_sink import start_worker, stop_worker, use_broker, wait_until_ready

HEADER = ["external_id", "name", "email", "language", "collections_exempt"]


def _rows(count):
    return [HEADER] + [
        [f"C-{n}", f"Customer {n}", f"c{n}@example.com", "en", ""] for n in range(count)
    ]


@pytest.mark.django_db
def test_the_upload_queues_the_task_once_committed(
    api, admin_user, django_capture_on_commit_callbacks
):
    with mock.patch.object(tasks.import_run, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = api(admin_user).post(
                "/api/imports/",
                {"kind": "customers", "file": csv_file(_rows(2))},
                format="multipart",
            )
        delay.assert_not_called()  # nothing runs before the upload is committed
        for callback in callbacks:
            callback()
    delay.assert_called_once_with(response.data["id"])
    assert tasks.import_run(response.data["id"]) == "done"
    assert tasks.import_run(response.data["id"]) is None  # a second delivery does not run it again
    assert Customer.objects.count() == 2


@pytest.mark.django_db
def test_progress_is_visible_while_the_job_runs(api, admin_user, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 2)
    with mock.patch.object(tasks.import_run, "delay"):
        response = api(admin_user).post(
            "/api/imports/", {"kind": "customers", "file": csv_file(_rows(6))}, format="multipart"
        )
    seen = []

    def look(done, total):  # another request, while the job's transaction is open
        job = api(admin_user).get(f"/api/imports/{response.data['id']}/").data
        seen.append((job["status"], job["processed_rows"], job["total_rows"]))

    services.import_job_run(job_id=response.data["id"], on_progress=look)
    assert seen == [("running", 2, 6), ("running", 4, 6), ("running", 6, 6)]
    assert ImportJob.objects.get().processed_rows == 6


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def _database_url() -> str:
    from tests.notifications.test_outbox_integration import database_url

    return database_url()


@pytest.fixture
def worker(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process cannot share SQLite's in-memory test database")
    url = urlparse(REDIS_URL)
    require_service("Redis", url.hostname, url.port or 6379)
    redis.Redis.from_url(REDIS_URL).flushdb()
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    use_broker(celery_app, REDIS_URL)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "HTTPS": "false",
        "SECRET_KEY": "worker-under-test-" + "x" * 40,
    }
    proc = start_worker(env, concurrency=1)
    wait_until_ready(celery_app, proc)
    yield proc
    output = stop_worker(proc)
    use_broker(celery_app, saved["broker_url"] or "memory://")
    celery_app.conf.update(saved)
    assert "Traceback" not in output, output


@pytest.mark.postgres
@pytest.mark.services
def test_a_real_worker_runs_an_upload(worker, api):
    from tests.support.factories import MembershipFactory

    admin = MembershipFactory(role="admin").user
    response = api(admin).post(
        "/api/imports/", {"kind": "customers", "file": csv_file(_rows(500))}, format="multipart"
    )
    assert response.status_code == 202
    deadline = time.monotonic() + 60
    job = response.data
    while job["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = api(admin).get(f"/api/imports/{response.data['id']}/").data
    assert (job["status"], job["created"], job["processed_rows"]) == ("done", 500, 500)
    assert Customer.objects.count() == 500
