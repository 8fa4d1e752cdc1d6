"""The working-time rules: hand cases in China's calendar, and properties over random calendars."""

import zoneinfo
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partners.calendar import (
    AROUND_THE_CLOCK,
    CHINESE_CALENDAR_LAST_YEAR,
    WorkingCalendar,
    country_days,
    working_add,
    working_between,
    working_days_add,
)

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
CN = WorkingCalendar()  # Mon–Fri 09:00–18:00 Asia/Shanghai, China's holidays
H = timedelta(hours=1)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def test_a_ticket_opened_friday_at_17_with_four_working_hours_is_due_monday_at_noon():
    assert working_add(CN, at(2026, 3, 6, 17), 4 * H) == at(2026, 3, 9, 12)


def test_it_skips_the_national_day_week():
    # Wednesday 30 September 17:00; 1–7 October are the holiday, Thursday the 8th is worked.
    assert working_add(CN, at(2026, 9, 30, 17), 4 * H) == at(2026, 10, 8, 12)
    assert working_between(CN, at(2026, 9, 30, 12), at(2026, 10, 8, 12)) == 9 * H


def test_a_make_up_working_saturday_counts():
    saturday = date(2026, 10, 10)  # worked in exchange for the National Day week
    assert saturday.isoweekday() == 6 and CN.is_working_day(saturday)
    assert working_add(CN, at(2026, 10, 9, 17), 4 * H) == at(2026, 10, 10, 12)
    assert working_between(CN, at(2026, 10, 10, 0), at(2026, 10, 11, 0)) == 9 * H
    # A partner with no holiday calendar keeps its Saturday off.
    plain = WorkingCalendar(country="")
    assert working_add(plain, at(2026, 10, 9, 17), 4 * H) == at(2026, 10, 12, 12)


def test_it_counts_nothing_at_night_or_on_a_weekend():
    assert working_between(CN, at(2026, 3, 4, 18), at(2026, 3, 5, 9)) == timedelta(0)
    assert working_between(CN, at(2026, 3, 7, 0), at(2026, 3, 9, 9)) == timedelta(0)
    assert working_add(CN, at(2026, 3, 4, 23), H) == at(2026, 3, 5, 10)


def test_the_last_working_minute_ends_at_closing_time():
    assert working_add(CN, at(2026, 3, 4, 17), H) == at(2026, 3, 4, 18)


def test_around_the_clock_is_wall_clock_time():
    start = at(2026, 10, 1, 3, 17)
    assert working_add(AROUND_THE_CLOCK, start, 30 * H) == start + 30 * H
    assert working_between(AROUND_THE_CLOCK, start, start + 50 * H) == 50 * H


def test_working_days_skip_holidays_and_keep_the_local_time():
    assert working_days_add(CN, at(2026, 9, 30, 15), 2) == at(2026, 10, 9, 15)
    assert working_days_add(AROUND_THE_CLOCK, at(2026, 9, 30, 15), 2) == at(2026, 10, 2, 15)


def test_after_the_years_chinese_calendar_ships_the_holidays_library_takes_over():
    year = CHINESE_CALENDAR_LAST_YEAR + 1
    off, _worked = country_days("CN", year)
    assert date(year, 10, 1) in off and date(year, 1, 1) in off
    assert not CN.is_working_day(date(year, 10, 1))


def test_other_countries_come_from_the_holidays_library():
    us = WorkingCalendar(time_zone="America/Los_Angeles", country="US")
    assert not us.is_working_day(date(2026, 7, 3))  # Independence Day, observed on the Friday
    assert us.is_working_day(date(2026, 7, 6))


def test_a_day_when_clocks_go_forward_has_its_real_length():
    new_york = WorkingCalendar(time_zone="America/New_York", work_days=(7,), start=0, end=1440)
    sunday = datetime(2026, 3, 8, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    assert working_between(new_york, sunday, sunday + 48 * H) == 23 * H


def test_a_calendar_without_working_days_is_refused():
    with pytest.raises(ValueError):
        working_add(WorkingCalendar(work_days=(), country=""), at(2026, 3, 4, 10), H)


# Properties, over random calendars and instants (2025–2028: both holiday sources).
ZONES = ["Asia/Shanghai", "UTC", "America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata"]


@st.composite
def calendars(draw):
    start = draw(st.integers(0, 22 * 60))
    return WorkingCalendar(
        time_zone=draw(st.sampled_from(ZONES)),
        work_days=tuple(sorted(draw(st.sets(st.integers(1, 7), min_size=1)))),
        start=start,
        end=draw(st.integers(start + 60, 24 * 60)),  # at least an hour a day: tests stay quick
        country=draw(st.sampled_from(["CN", "", "US"])),
    )


instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 6, 30), timezones=st.just(UTC)
)
amounts = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=120))


@settings(max_examples=150, deadline=None)
@given(calendars(), instants, amounts, amounts)
def test_adding_is_additive(calendar, start, first, second):
    once = working_add(calendar, start, first + second)
    assert working_add(calendar, working_add(calendar, start, first), second) == once


@settings(max_examples=150, deadline=None)
@given(calendars(), instants, instants, amounts)
def test_adding_is_monotonic(calendar, a, b, amount):
    a, b = sorted([a, b])
    assert working_add(calendar, a, amount) <= working_add(calendar, b, amount)
    assert working_add(calendar, a, amount) <= working_add(calendar, a, amount + H)


@settings(max_examples=150, deadline=None)
@given(calendars(), instants, amounts)
def test_counting_undoes_adding(calendar, start, amount):
    assert working_between(calendar, start, working_add(calendar, start, amount)) == amount


@settings(max_examples=150, deadline=None)
@given(calendars(), instants, instants, instants)
def test_counting_is_additive_and_never_more_than_the_wall_clock(calendar, a, b, c):
    a, b, c = sorted([a, b, c])
    assert working_between(calendar, a, b) + working_between(calendar, b, c) == working_between(
        calendar, a, c
    )
    assert timedelta(0) <= working_between(calendar, a, c) <= c - a


@settings(max_examples=150, deadline=None)
@given(calendars(), instants, st.timedeltas(min_value=timedelta(seconds=1), max_value=100 * H))
def test_a_deadline_always_falls_in_working_hours_on_a_working_day(calendar, start, amount):
    due = working_add(calendar, start, amount)
    day = due.astimezone(calendar.zone).date()
    hours = [calendar.hours(d) for d in (day - timedelta(days=1), day)]  # 24:00 ends the day before
    assert any(h is not None and h[0] < due <= h[1] for h in hours)


@settings(max_examples=150, deadline=None)
@given(calendars(), instants)
def test_a_day_off_and_the_night_count_nothing(calendar, start):
    day = start.astimezone(calendar.zone).date()
    midnight = datetime.combine(day, datetime.min.time(), tzinfo=calendar.zone)
    if not calendar.is_working_day(day):
        next_midnight = datetime.combine(
            day + timedelta(days=1), datetime.min.time(), tzinfo=calendar.zone
        )
        assert working_between(calendar, midnight, next_midnight) == timedelta(0)
    opening = datetime.combine(
        day,
        datetime.min.time().replace(hour=calendar.start // 60, minute=calendar.start % 60),
        tzinfo=calendar.zone,
    )
    assert working_between(calendar, midnight, opening) == timedelta(0)
