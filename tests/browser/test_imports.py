"""An admin uploads a file on the Imports page; the job page's progress bar, moved by polling the
API (js/imports.js), reaches 100 % once the job has run, and the page then shows the counts."""

from unittest import mock

import pytest

from imports import tasks
from imports.models import ImportJob
from partners.models import Customer
from tests.browser.conftest import screenshot, sign_in
from tests.support.imports import csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["external_id", "name", "email", "language", "collections_exempt"]


def test_the_progress_bar_reaches_100_percent(page, admin_user, partner, tmp_path):
    path = tmp_path / "customers.csv"
    rows = [[f"C-{n}", f"Customer {n}", f"c{n}@example.com", "en", ""] for n in range(40)]
    path.write_bytes(csv_bytes([HEADER, *rows]))
    sign_in(page, admin_user.username)
    page.locator(".sidenav").get_by_role("link", name="Imports").click()
    page.select_option("#id_kind", "customers")
    page.set_input_files("#id_file", str(path))
    with mock.patch.object(tasks.import_run, "delay"):  # held in the queue until we run it
        page.get_by_role("button", name="Upload").click()
        page.wait_for_url("**/imports/*/")
    job = ImportJob.objects.get()
    bar = page.locator("progress[data-import-progress]")
    assert bar.get_attribute("value") == "0"
    assert bar.get_attribute("max") == "40"

    tasks.import_run(job.pk)  # what the worker does; the page polls and then reloads
    page.wait_for_selector(".stat__value")
    assert bar.evaluate("el => el.value / el.max") == 1
    assert page.locator("[data-import-done]").inner_text() == "40"
    assert "40" in page.locator(".stats").inner_text()
    assert Customer.objects.filter(partner=partner).count() == 40
    screenshot(page, "import-page")
