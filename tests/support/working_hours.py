"""Working calendars for tests. ``PartnerFactory`` makes 24×7 partners (SLA hours on the wall
clock); ``office_hours`` gives one the model's defaults: Mon–Fri 09:00–18:00, China's holidays."""

from partners.calendar import (
    DEFAULT_HOLIDAY_COUNTRY,
    DEFAULT_WORK_DAYS,
    DEFAULT_WORK_END,
    DEFAULT_WORK_START,
)
from partners.models import Partner


def office_hours(partner: Partner) -> Partner:
    partner.work_days, partner.work_start = list(DEFAULT_WORK_DAYS), DEFAULT_WORK_START
    partner.work_end, partner.holiday_country = DEFAULT_WORK_END, DEFAULT_HOLIDAY_COUNTRY
    partner.save()
    return partner


def around_the_clock(partner: Partner) -> Partner:
    """Every day 00:00–24:00, no holidays: working hours are wall-clock hours."""
    partner.work_days, partner.work_start, partner.work_end = [1, 2, 3, 4, 5, 6, 7], 0, 24 * 60
    partner.holiday_country = ""
    partner.save()
    return partner
