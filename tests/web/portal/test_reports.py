"""/reports/: partner admins and the operator; charts, tables, CSV links, every language."""

import pytest
from django.conf import settings

from partners.models import Profile
from tests.support.reports import build_collections, build_tickets
from tests.support.web import assert_same, signed_in
from tickets.selectors.reports import REPORT_COLUMNS

URL = "/reports/?from=2026-01-05&to=2026-01-18"
pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(partner, other_partner):
    build_tickets(partner, other_partner)
    build_collections(partner, other_partner)


def test_it_shows_the_admin_charts_tables_and_csv_links(dataset, admin_user):
    page = signed_in(admin_user).get(URL).content.decode()
    assert page.count('<svg class="chart"') == 4  # SLA, hours, aging in CNY and in EUR
    assert "<title id=" in page and "<desc id=" in page
    assert 'name="from" value="2026-01-05"' in page and 'name="to" value="2026-01-18"' in page
    assert "SLA attainment by week" in page and "66.7 %" in page
    for name in REPORT_COLUMNS:
        assert f"/api/reports/{name}/?from=2026-01-05&amp;to=2026-01-18&amp;format=csv" in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>")[0]


def test_a_partner_admin_never_sees_another_partners_figures(dataset, admin_user):
    page = signed_in(admin_user).get(URL).content.decode()
    assert "100.00" in page  # their upheld credit
    assert "7.00" not in page and "5,000.00" not in page  # the other partner's
    assert 'name="partner"' not in page


def test_the_operator_chooses_a_partner(dataset, operator_user, other_partner):
    client = signed_in(operator_user)
    everyone = client.get(URL).content.decode()
    assert 'name="partner"' in everyone and other_partner.name in everyone
    assert "CNY 5,400.00" in everyone  # paid before any step: 400 here, 5,000 there
    one = client.get(f"{URL}&partner={other_partner.pk}").content.decode()
    assert "CNY 5,000.00" in one and "CNY 100.00" not in one
    assert f"partner={other_partner.pk}" in one  # the CSV links keep the choice


def test_it_refuses_an_agent(agent_user):
    assert signed_in(agent_user).get("/reports/").status_code == 403


def test_it_refuses_a_bad_period_with_the_reason(admin_user):
    response = signed_in(admin_user).get("/reports/?from=2026-01-18&to=2026-01-05")
    assert response.status_code == 400
    assert "The end of the period cannot be before its start." in response.content.decode()
    assert signed_in(admin_user).get("/reports/?from=1999-01-01").status_code == 400


def test_the_default_period_renders(admin_user):
    response = signed_in(admin_user).get("/reports/")
    assert response.status_code == 200 and response.content.count(b'<svg class="chart"') == 2


def test_the_navigation_links_reports_for_admins_and_the_operator_only(
    admin_user, agent_user, operator_user
):
    link = b'href="/reports/"'
    assert link in signed_in(admin_user).get("/").content
    assert link in signed_in(operator_user).get("/ops/").content
    assert link not in signed_in(agent_user).get("/").content


WORDS = {  # the page's title in each language, from the catalogs
    "en": "Reports",
    "zh-hans": "报表",
    "es": "Informes",
    "fr": "Rapports",
    "it": "Report",
    "pt-br": "Relatórios",
    "ru": "Отчеты",
}


@pytest.mark.parametrize("language", settings.LANGUAGE_CODES)
def test_it_renders_in_each_language(dataset, admin_user, operator_user, language):
    for user in (admin_user, operator_user):
        Profile.objects.update_or_create(user=user, defaults={"language": language})
        page = signed_in(user).get(URL).content.decode()
        assert f'<html lang="{language}"' in page
        assert f"<h1>{WORDS[language]}</h1>" in page, language


def test_the_page_asks_the_same_queries_whatever_the_tickets(
    dataset, admin_user, partner, other_partner, django_assert_max_num_queries
):
    client = signed_in(admin_user)
    assert_same(client, URL, lambda: build_tickets(partner, other_partner))
    with django_assert_max_num_queries(30):
        client.get(URL)


def test_the_inputs_show_the_default_period(admin_user):
    page = signed_in(admin_user).get("/reports/").content.decode()
    assert 'name="from" value="20' in page and 'name="to" value="20' in page
