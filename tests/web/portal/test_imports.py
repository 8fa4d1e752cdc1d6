"""The Imports pages: upload (admins), the list, a job's page with its progress and errors."""

import pytest

from imports.models import ImportJob
from partners.models import Customer
from tests.support.factories import MembershipFactory
from tests.support.imports import csv_file
from tests.support.web import assert_same, signed_in

pytestmark = pytest.mark.django_db

HEADER = ["external_id", "name", "email", "language", "collections_exempt"]


def _post(client, rows, capture, **extra):
    with capture(execute=True):
        return client.post(
            "/imports/", {"kind": "customers", "file": csv_file(rows), **extra}, follow=True
        )


def test_it_uploads_and_shows_the_finished_job(admin_user, django_capture_on_commit_callbacks):
    client = signed_in(admin_user)
    rows = [HEADER, ["C-1", "Contoso", "ap@contoso.example", "en", "false"]]
    response = _post(client, rows, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.redirect_chain == [(f"/imports/{job.pk}/", 302)]
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert f'data-import-job="/api/imports/{job.pk}/"' in page
    assert 'data-finished="true"' in page
    assert "js/imports.js" in page
    assert Customer.objects.count() == 1


def test_it_lists_every_bad_row_on_the_job_page(admin_user, django_capture_on_commit_callbacks):
    client = signed_in(admin_user)
    rows = [HEADER, ["C-1", "", "ap@contoso.example", "en", "false"]]
    _post(client, rows, django_capture_on_commit_callbacks, dry_run="on")
    job = ImportJob.objects.get()
    page = client.get(f"/imports/{job.pk}/").content.decode()
    assert (job.status, job.dry_run) == ("failed", True)
    assert "This field is required." in page
    assert "Nothing was imported" in page


def test_a_bad_file_is_shown_on_the_form(admin_user):
    response = signed_in(admin_user).post(
        "/imports/", {"kind": "customers", "file": csv_file([HEADER[:2]])}
    )
    assert response.status_code == 200
    assert "lacks the columns" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_it_refuses_an_agent_and_the_operator(agent_user, operator_user):
    assert signed_in(agent_user).get("/imports/").status_code == 403
    assert signed_in(operator_user).get("/imports/").status_code == 403


def test_another_partners_job_is_not_found(admin_user, other_admin_user):
    job = ImportJob.objects.create(
        partner=admin_user.membership.partner, kind="customers", file_name="a.csv"
    )
    assert signed_in(other_admin_user).get(f"/imports/{job.pk}/").status_code == 404
    assert signed_in(admin_user).get(f"/imports/{job.pk}/").status_code == 200


def _jobs(partner, user, count):
    ImportJob.objects.bulk_create(
        ImportJob(partner=partner, kind="invoices", file_name=f"{n}.csv", created_by=user)
        for n in range(count)
    )


def test_the_list_costs_the_same_with_more_jobs(admin_user, partner):
    _jobs(partner, admin_user, 1)
    grow = lambda: _jobs(partner, admin_user, 30)  # noqa: E731
    assert assert_same(signed_in(admin_user), "/imports/", grow) <= 10


def test_the_job_page_costs_few_queries(admin_user, partner, django_assert_max_num_queries):
    _jobs(partner, admin_user, 1)
    client = signed_in(admin_user)
    url = f"/imports/{ImportJob.objects.get().pk}/"
    client.get(url)
    with django_assert_max_num_queries(7):  # session, user, role, language, activity, job
        assert client.get(url).status_code == 200


def test_the_uploader_is_told_when_the_import_finishes(
    admin_user, partner, django_capture_on_commit_callbacks
):
    from notifications.activity import Activity

    MembershipFactory(partner=partner, role="admin")  # another admin is not told
    client = signed_in(admin_user)
    rows = [HEADER, ["C-1", "Contoso", "ap@contoso.example", "en", "false"]]
    _post(client, rows, django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    row = Activity.objects.get()
    assert (row.user, row.kind, row.object_id) == (admin_user, "import_finished", job.pk)
    assert row.summary == "import.csv (done)"
    response = client.post(f"/activity/{row.pk}/open/")
    assert response.headers["Location"] == f"/imports/{job.pk}/"
