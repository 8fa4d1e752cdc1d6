"""``GET/PATCH /api/partners/{id}/working-hours/``: the working calendar SLA clocks count in."""

import pytest

from partners.models import Event, Partner
from tests.support.working_hours import office_hours

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _office_hours(partner):
    """The model's default calendar (the test cast is 24×7): Mon–Fri 09:00–18:00, CN holidays."""
    office_hours(partner)


DEFAULTS = {
    "time_zone": "Asia/Shanghai",
    "work_days": [1, 2, 3, 4, 5],
    "work_start": "09:00",
    "work_end": "18:00",
    "holiday_country": "CN",
}


def url(partner) -> str:
    return f"/api/partners/{partner.pk}/working-hours/"


def test_a_partner_starts_monday_to_friday_nine_to_six_with_chinas_holidays(api, agent_user):
    partner = agent_user.membership.partner
    response = api(agent_user).get(url(partner))
    assert response.status_code == 200
    assert response.json() == DEFAULTS


def test_the_admin_changes_them(api, admin_user, partner):
    change = {
        "time_zone": "America/Los_Angeles",
        "work_days": [6, 1, 2],
        "work_start": "08:30",
        "work_end": "24:00",
        "holiday_country": "US",
    }
    response = api(admin_user).patch(url(partner), change, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {**change, "work_days": [1, 2, 6]}
    partner.refresh_from_db()
    assert (partner.work_start, partner.work_end) == (8 * 60 + 30, 24 * 60)
    event = Event.objects.get(object_type="partner", action="working_hours_changed")
    assert event.actor == admin_user and event.data["holiday_country"] == "US"


def test_around_the_clock_is_every_day_from_midnight_to_midnight_without_holidays(
    api, admin_user, partner
):
    change = {"work_days": [1, 2, 3, 4, 5, 6, 7], "work_start": "00:00", "work_end": "24:00"}
    response = api(admin_user).patch(url(partner), {**change, "holiday_country": ""}, "json")
    assert response.status_code == 200
    calendar = Partner.objects.get(pk=partner.pk).calendar
    assert (calendar.start, calendar.end, calendar.country) == (0, 1440, "")


@pytest.mark.parametrize(
    "change, field",
    [
        ({"work_start": "9"}, "work_start"),
        ({"work_start": "25:00"}, "work_start"),
        ({"work_start": "09:75"}, "work_start"),
        ({"work_start": "24:00"}, "work_start"),
        ({"work_start": "18:00", "work_end": "09:00"}, "work_end"),
        ({"work_start": "09:00", "work_end": "09:00"}, "work_end"),
        ({"work_days": []}, "work_days"),
        ({"work_days": [0, 8]}, "work_days"),
        ({"work_days": [1, 1]}, "work_days"),
        ({"work_days": "weekdays"}, "work_days"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"holiday_country": "XX"}, "holiday_country"),
    ],
)
def test_bad_hours_are_a_400_by_field_and_change_nothing(api, admin_user, partner, change, field):
    response = api(admin_user).patch(url(partner), change, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert api(admin_user).get(url(partner)).json() == DEFAULTS
    assert not Event.objects.filter(action="working_hours_changed").exists()


def test_an_agent_may_read_but_not_change_them(api, agent_user, partner):
    response = api(agent_user).patch(url(partner), {"work_start": "08:00"}, format="json")
    assert response.status_code == 403
    assert Partner.objects.get(pk=partner.pk).work_start == 9 * 60


def test_another_partners_hours_are_404(api, admin_user, other_partner):
    assert api(admin_user).get(url(other_partner)).status_code == 404
    change = api(admin_user).patch(url(other_partner), {"work_start": "08:00"}, format="json")
    assert change.status_code == 404


def test_the_operator_changes_any_partners_hours(api, operator_user, partner):
    response = api(operator_user).patch(url(partner), {"work_end": "17:30"}, format="json")
    assert response.status_code == 200 and response.json()["work_end"] == "17:30"
