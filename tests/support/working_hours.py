"""Working calendars for tests: the 24×7 one keeps SLA hours on the wall clock."""

from partners.models import Partner


def around_the_clock(partner: Partner) -> Partner:
    """Every day 00:00–24:00, no holidays: working hours are wall-clock hours."""
    partner.work_days, partner.work_start, partner.work_end = [1, 2, 3, 4, 5, 6, 7], 0, 24 * 60
    partner.holiday_country = ""
    partner.save()
    return partner
