"""The reports page in Chromium with the demo desk: the charts draw, the CSV link downloads, the
operator picks a partner; screenshots for docs/screenshots/."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.management.commands.seed_demo import DEMO_PASSWORD
from partners.models import Partner, Profile
from tests.browser.conftest import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_an_admin_reads_the_reports_and_downloads_a_csv(demo, page):
    sign_in(page, "contoso-admin", DEMO_PASSWORD)
    page.get_by_role("link", name="Reports").click()
    page.wait_for_url("**/reports/")
    charts = page.locator("svg.chart")
    assert charts.count() >= 2
    box = charts.first.bounding_box()
    assert box["width"] > 300 and box["height"] > 100  # drawn, with the stylesheet's size
    assert page.locator("svg.chart title").first.text_content() == "SLA attainment by week"
    screenshot(page, "reports")
    with page.expect_download() as download:
        page.locator("#report-sla ~ a, a[href*='sla-attainment']").first.click()
    assert download.value.suggested_filename.startswith("report-sla-attainment-")


def test_the_operator_chooses_a_partner_in_russian(demo, new_page):
    Profile.objects.update_or_create(
        user=get_user_model().objects.get(username="operator"), defaults={"language": "ru"}
    )
    page = new_page(locale="ru-RU")
    sign_in(page, "operator", DEMO_PASSWORD)
    partner = Partner.objects.order_by("name").first()
    page.goto("/reports/")
    page.select_option("select[name=partner]", str(partner.pk))
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url(f"**partner={partner.pk}**")
    assert page.locator("h1").inner_text() == "Отчеты"
    assert page.locator("svg.chart title").first.text_content() == "Соблюдение SLA по неделям"
    screenshot(page, "reports-operator")
