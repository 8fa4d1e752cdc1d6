"""The working-hours page: every partner user reads the calendar; the admin changes it, and the
service's refusal shows on the form's fields."""

import pytest

from partners.models import Partner, Profile
from tests.support.web import signed_in
from tests.support.working_hours import office_hours

pytestmark = pytest.mark.django_db
URL = "/settings/working-hours/"


@pytest.fixture(autouse=True)
def _office_hours(partner):
    """The model's default calendar (the test cast is 24×7): Mon–Fri 09:00–18:00, CN holidays."""
    office_hours(partner)


FORM = {
    "time_zone": "Asia/Shanghai",
    "work_days": ["1", "2", "3", "4", "5", "6"],
    "work_start": "08:30",
    "work_end": "17:30",
    "holiday_country": "CN",
}


def test_an_admin_changes_the_working_hours(admin_user, partner):
    client = signed_in(admin_user)
    response = client.post(URL, FORM)
    assert response.status_code == 302 and response["Location"] == URL
    partner = Partner.objects.get(pk=partner.pk)
    assert partner.work_days == [1, 2, 3, 4, 5, 6]
    assert (partner.work_start, partner.work_end) == (8 * 60 + 30, 17 * 60 + 30)
    page = client.get(URL).content.decode()
    assert 'value="08:30"' in page and "Working hours saved." in page


@pytest.mark.parametrize(
    "change, message",
    [
        ({"work_end": "08:00"}, "Closing time must be after the opening time"),
        ({"work_start": "9h"}, "Write a time as"),
        ({"work_days": []}, "This field is required."),
    ],
)
def test_bad_hours_show_on_the_form_and_change_nothing(admin_user, partner, change, message):
    response = signed_in(admin_user).post(URL, {**FORM, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert Partner.objects.get(pk=partner.pk).work_start == 9 * 60


def test_an_agent_reads_but_cannot_change_them(agent_user, partner):
    client = signed_in(agent_user)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Only a partner admin can change the working hours." in page.content.decode()
    assert client.post(URL, FORM).status_code == 403
    assert Partner.objects.get(pk=partner.pk).work_days == [1, 2, 3, 4, 5]


def test_the_page_speaks_the_readers_language_and_names_countries_in_it(admin_user):
    Profile.objects.update_or_create(user=admin_user, defaults={"language": "zh-hans"})
    page = signed_in(admin_user).get(URL).content.decode()
    assert "工作时间" in page and "中国" in page


def test_the_page_reads_in_a_few_queries(admin_user, django_assert_max_num_queries):
    client = signed_in(admin_user)
    with django_assert_max_num_queries(10):
        assert client.get(URL).status_code == 200
