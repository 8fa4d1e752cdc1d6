"""Customers and invoices are imported a chunk at a time through the batch services: the queries
of a job grow with its chunks, not its rows; errors in any chunk are all reported and nothing is
written; the same file again writes nothing."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from billing.models import Invoice
from core.actors import actor_for
from imports import services
from imports.services import import_job_create, import_job_run
from partners.models import Customer, Event
from tests.support.factories import CustomerFactory
from tests.support.imports import csv_bytes, csv_file

pytestmark = pytest.mark.django_db

CUSTOMERS = ["external_id", "name", "email", "language", "collections_exempt"]
INVOICES = ["number", "customer_external_id", "amount", "currency", "issue_date", "due_date"]
ISSUED = date.today() - timedelta(days=10)


def _customers(count, start=0):
    return [CUSTOMERS] + [
        [f"C-{n}", f"Customer {n}", f"c{n}@example.com", "en", ""]
        for n in range(start, start + count)
    ]


def _invoices(count, start=0):
    due = ISSUED + timedelta(days=30)
    return [INVOICES] + [
        [f"INV-{n}", f"C-{n % 3}", "100.50", "CNY", ISSUED.isoformat(), due.isoformat()]
        for n in range(start, start + count)
    ]


def _run(admin_user, kind, rows):
    """The job's run and the queries it made."""
    upload = SimpleUploadedFile("import.csv", csv_bytes(rows))
    job = import_job_create(actor=actor_for(admin_user), kind=kind, file=upload, enqueue=False)
    with CaptureQueriesContext(connection) as ctx:
        job = import_job_run(job_id=job.pk)
    return job, len(ctx.captured_queries)


@pytest.mark.parametrize("kind", ["customers", "invoices"])
def test_the_queries_grow_with_the_chunks_not_the_rows(kind, admin_user, partner, monkeypatch):
    monkeypatch.setattr(services, "CHUNK", 10)
    for n in range(3):
        CustomerFactory(partner=partner, external_id=f"C-{n}")
    make = _customers if kind == "customers" else _invoices
    queries = {}
    for rows, start in ((3, 100), (10, 200), (20, 300), (30, 400)):
        job, queries[rows] = _run(admin_user, kind, make(rows, start))
        assert (job.status, job.created) == ("done", rows), job.errors
    assert queries[3] == queries[10]  # one chunk, whatever its size
    per_chunk = queries[20] - queries[10]
    assert queries[30] - queries[20] == per_chunk
    assert per_chunk <= 9


def test_errors_in_every_chunk_are_reported_and_nothing_is_written(
    upload, job_of, admin_user, monkeypatch
):
    monkeypatch.setattr(services, "CHUNK", 2)
    rows = _customers(7)
    rows[2][1] = ""  # row 3: no name (chunk 1)
    rows[5][3] = "xx"  # row 6: the service refuses the language (chunk 3)
    rows[7][0] = "C-0"  # row 8: the key of row 2 again (chunk 4)

    job = job_of(admin_user, upload(admin_user, "customers", csv_file(rows)))
    assert (job["status"], job["failed"], job["processed_rows"]) == ("failed", 3, 7)
    assert [(e["row"], e["column"]) for e in job["errors"]] == [
        (3, "name"),
        (6, "language"),
        (8, "external_id"),
    ]
    assert not Customer.objects.exists()
    assert not Event.objects.filter(object_type="customer").exists()


def test_invoices_in_several_chunks_then_the_same_file_again(
    upload, job_of, admin_user, partner, monkeypatch
):
    monkeypatch.setattr(services, "CHUNK", 2)
    for n in range(3):
        CustomerFactory(partner=partner, external_id=f"C-{n}")

    job = job_of(admin_user, upload(admin_user, "invoices", csv_file(_invoices(5))))
    assert (job["status"], job["created"], job["processed_rows"]) == ("done", 5, 5)
    assert Invoice.objects.filter(partner=partner, status="open").count() == 5
    events = Event.objects.count()
    again = job_of(admin_user, upload(admin_user, "invoices", csv_file(_invoices(5))))
    assert (again["status"], again["unchanged"]) == ("done", 5)
    assert Event.objects.count() == events + 2  # the job's own two rows only


def test_a_key_a_rival_took_since_the_lookup_fails_the_job_once_not_per_row(
    upload, job_of, admin_user, monkeypatch
):
    def rival_took_it(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(Customer.objects, "bulk_create", rival_took_it)
    job = job_of(admin_user, upload(admin_user, "customers", csv_file(_customers(4))))
    assert (job["status"], job["failed"]) == ("failed", 1)
    assert job["errors"] == [
        {
            "row": None,
            "column": "external_id",
            "message": "A customer with this external id already exists.",
        }
    ]
    assert not Customer.objects.exists()
