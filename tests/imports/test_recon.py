"""The operator's reconciliation file through POST /api/imports/ (kind partner_center_recon),
end to end: the realistic fixture creates the customers, subscriptions and charge lines and
reconciles the statement of its invoice; the same file again is unchanged; a bad row fails the
whole file and writes nothing."""

from decimal import Decimal

import pytest

from billing.models import ChargeLine, Subscription
from partners.models import Customer
from tests.support.factories import StatementFactory
from tests.support.imports import csv_bytes, xlsx_file
from tests.support.recon import CONTOSO, E3, FIXTURE, FIXTURE_TOTAL, INVOICE, fixture_rows

pytestmark = pytest.mark.django_db


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("recon.csv", FIXTURE.read_bytes())  # with its BOM, as downloaded


def test_the_operators_file_is_imported_and_reconciled(upload, job_of, api, admin_user, partner):
    statement = StatementFactory(partner=partner, number=INVOICE, amount=FIXTURE_TOTAL)
    lines = len(fixture_rows())
    job = job_of(admin_user, upload(admin_user, "partner_center_recon", _file()))
    assert job["status"] == "done", job["errors"]
    assert (job["created"], job["total_rows"], job["processed_rows"]) == (lines, lines, lines)
    assert Customer.objects.get(partner=partner, external_id=CONTOSO).name == "Contoso China Ltd"
    assert Subscription.objects.get(partner=partner, external_id=E3).quantity == 25
    assert ChargeLine.objects.filter(partner=partner).count() == lines
    shown = api(admin_user).get(f"/api/statements/{statement.pk}/").data
    assert (shown["reconciliation"], Decimal(shown["reconciled_total"])) == (
        "matched",
        FIXTURE_TOTAL,
    )

    again = job_of(admin_user, upload(admin_user, "partner_center_recon", _file()))
    assert (again["status"], again["created"], again["unchanged"]) == ("done", 0, lines)


def test_a_bad_row_fails_the_file_and_writes_nothing(upload, job_of, admin_user):
    rows = fixture_rows()
    rows[2]["Total"] = "lots"
    rows[4]["ChargeStartDate"] = "someday"
    header = list(rows[0])
    content = csv_bytes([header, *[[row[name] for name in header] for row in rows]])
    job = job_of(admin_user, upload(admin_user, "partner_center_recon", xlsx_or_csv(content)))
    assert job["status"] == "failed"
    assert [(error["row"], error["column"]) for error in job["errors"]] == [
        (4, "Total"),
        (6, "ChargeStartDate"),
    ]
    assert not Customer.objects.exists()
    assert not ChargeLine.objects.exists()


def xlsx_or_csv(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("recon.csv", content)


def test_the_file_as_xlsx_and_without_a_column_is_a_400(api, upload, job_of, admin_user):
    rows = fixture_rows()
    header = list(rows[0])
    table = [header, *[[row[name] for name in header] for row in rows]]
    job = job_of(admin_user, upload(admin_user, "partner_center_recon", xlsx_file(table)))
    assert (job["status"], job["created"]) == ("done", len(rows))
    without = [
        [cell for name, cell in zip(header, line, strict=True) if name != "Total"] for line in table
    ]
    response = api(admin_user).post(
        "/api/imports/",
        {"kind": "partner_center_recon", "file": xlsx_file(without)},
        format="multipart",
    )
    assert response.status_code == 400
    assert "Total" in response.data["file"][0]


def test_lines_refused_together_name_their_rows(upload, job_of, admin_user):
    rows = fixture_rows()
    rows[3]["SubscriptionId"] = rows[0]["SubscriptionId"]  # another customer's subscription
    rows[3]["CustomerId"] = rows[2]["CustomerId"]
    header = list(rows[0])
    content = csv_bytes([header, *[[row[name] for name in header] for row in rows]])
    job = job_of(admin_user, upload(admin_user, "partner_center_recon", xlsx_or_csv(content)))
    assert job["status"] == "failed"
    assert [(error["row"], error["column"]) for error in job["errors"]] == [(5, "SubscriptionId")]
    assert not Customer.objects.exists()
