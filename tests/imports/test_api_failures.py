"""A bad row fails the whole import and writes nothing; a dry run writes nothing; bad files are a
400 at upload; another partner's keys are unknown; roles."""

from datetime import date

import pytest
from django.test import override_settings

from billing.models import Invoice
from imports import reading
from imports.models import ImportJob
from partners.models import Customer, Event
from partners.services import profile_set_language
from tests.support.factories import CustomerFactory
from tests.support.imports import csv_bytes, csv_file, xlsx_file

pytestmark = pytest.mark.django_db

HEADER = ["external_id", "name", "email", "language", "collections_exempt"]


def test_one_bad_row_among_good_ones_fails_everything_and_lists_every_bad_row(
    upload, job_of, admin_user
):
    rows = [
        HEADER,
        ["C-1", "Good", "good@example.com", "en", "false"],
        ["C-2", "", "not-an-address", "en", "maybe"],
        ["C-3", "Also good", "ok@example.com", "en", ""],
        ["C-4", "Bad language", "x@example.com", "xx", "false"],
        ["C-1", "Twice", "good@example.com", "en", "false"],
    ]
    job = job_of(admin_user, upload(admin_user, "customers", csv_file(rows)))
    assert job["status"] == "failed"
    assert (job["failed"], job["created"], job["processed_rows"]) == (3, 0, 5)
    cells = {(error["row"], error["column"]) for error in job["errors"]}
    assert cells == {
        (3, "name"),
        (3, "collections_exempt"),  # the cells read first; the service's checks come after
        (5, "language"),
        (6, "external_id"),
    }
    assert Customer.objects.count() == 0
    assert not Event.objects.filter(object_type="customer").exists()


def test_the_reasons_are_in_the_uploaders_language(upload, job_of, admin_user):
    rows = [HEADER, ["C-1", "", "a@example.com", "en", "false"]]
    profile_set_language(user=admin_user, language="fr")
    job = job_of(admin_user, upload(admin_user, "customers", csv_file(rows)))
    assert job["errors"] == [{"row": 2, "column": "name", "message": "Ce champ est obligatoire."}]


def test_a_dry_run_counts_and_writes_nothing(upload, job_of, admin_user):
    rows = [HEADER, ["C-1", "Good", "good@example.com", "en", "false"]]
    job = job_of(admin_user, upload(admin_user, "customers", csv_file(rows), dry_run=True))
    assert (job["status"], job["dry_run"], job["created"]) == ("done", True, 1)
    assert Customer.objects.count() == 0


def test_another_partners_key_is_unknown(upload, job_of, admin_user, other_partner):
    CustomerFactory(partner=other_partner, external_id="THEIRS")
    issued = date.today().isoformat()
    rows = [
        ["number", "customer_external_id", "amount", "currency", "issue_date", "due_date"],
        ["INV-1", "THEIRS", "10", "CNY", issued, issued],
        ["INV-2", "THEIRS", "10", "CNY", "2026-13-01", "1999-12-31"],
    ]
    job = job_of(admin_user, upload(admin_user, "invoices", csv_file(rows)))
    assert job["status"] == "failed"
    assert [(e["row"], e["column"]) for e in job["errors"]] == [
        (2, "customer_external_id"),
        (3, "customer_external_id"),
        (3, "issue_date"),
        (3, "due_date"),
    ]
    assert "2000-01-01" in job["errors"][3]["message"]  # the desk's one date range
    assert not Invoice.objects.exists()


def test_another_partners_job_is_not_found(upload, api, admin_user, other_admin_user):
    rows = [HEADER, ["C-1", "Good", "good@example.com", "en", "false"]]
    response = upload(admin_user, "customers", csv_file(rows))
    assert api(other_admin_user).get(f"/api/imports/{response.data['id']}/").status_code == 404
    assert api(other_admin_user).get("/api/imports/").data["count"] == 0
    assert api(admin_user).get("/api/imports/").data["count"] == 1


@pytest.mark.parametrize("user", ["agent_user", "operator_user"])
def test_it_refuses_an_agent_and_the_operator(request, api, user):
    client = api(request.getfixturevalue(user))
    rows = [HEADER, ["C-1", "Good", "good@example.com", "en", "false"]]
    response = client.post(
        "/api/imports/", {"kind": "customers", "file": csv_file(rows)}, format="multipart"
    )
    assert response.status_code == 403
    assert client.get("/api/imports/").status_code == 403
    assert not ImportJob.objects.exists()


BAD_FILES = {
    "a PDF": lambda: csv_file([], name="statement.pdf"),
    "an empty file": lambda: _raw(b""),
    "a header only": lambda: csv_file([HEADER]),
    "a missing column": lambda: csv_file([HEADER[:-1], ["C-1", "N", "a@example.com", "en"]]),
    "a column twice": lambda: csv_file([[*HEADER, "name"], ["C-1", "N", "a@x.com", "en", "", ""]]),
    "broken UTF-8": lambda: _raw(csv_bytes([HEADER]) + b"C-1,Caf\xe9,a@example.com,en,\n"),
    "a zip that is no workbook": lambda: _raw(b"PK\x03\x04garbage", name="book.xlsx"),
    "an XLSX named .csv": lambda: _raw(xlsx_file([HEADER]).read(), name="book.csv"),
    "an XLSX with no rows": lambda: xlsx_file([HEADER]),
}


def _raw(content: bytes, name: str = "import.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_a_400_and_writes_nothing(api, admin_user, case):
    response = api(admin_user).post(
        "/api/imports/", {"kind": "customers", "file": BAD_FILES[case]()}, format="multipart"
    )
    assert response.status_code == 400, response.data
    assert list(response.data) == ["file"], response.data
    assert not ImportJob.objects.exists()


def test_a_file_over_the_limit_is_a_400(api, admin_user, monkeypatch):
    monkeypatch.setattr(reading, "MAX_BYTES", 100)
    rows = [HEADER] + [[f"C-{n}", "N", "a@example.com", "en", ""] for n in range(10)]
    response = api(admin_user).post(
        "/api/imports/", {"kind": "customers", "file": csv_file(rows)}, format="multipart"
    )
    assert response.status_code == 400
    assert "MB" in response.data["file"][0]


def test_an_unknown_kind_is_a_400(api, admin_user):
    response = api(admin_user).post(
        "/api/imports/", {"kind": "tickets", "file": csv_file([HEADER])}, format="multipart"
    )
    assert response.status_code == 400
    assert "kind" in response.data


@override_settings(LANGUAGE_CODE="en")
def test_a_bom_and_semicolons_are_read(upload, job_of, admin_user):
    content = "\ufeff" + ";".join(HEADER) + "\r\nC-1;Good;good@example.com;en;false\r\n"
    job = job_of(admin_user, upload(admin_user, "customers", _raw(content.encode())))
    assert (job["status"], job["created"]) == ("done", 1)
