"""A partner's working calendar and the arithmetic of working time (pure rules, no database).

A ``WorkingCalendar`` is a time zone, the working days of the week, the working hours of each of
those days (local time, ``start`` to ``end`` in minutes after midnight; ``end`` may be 24:00) and a
holiday country. A day is a working day when the country's calendar says it is a make-up working
day (China's 调休: a Saturday or Sunday worked in exchange for a longer holiday), or when it is one
of the partner's working days and not an official holiday.

Where the holidays come from:

- ``CN``: the ``chinese-calendar`` library (the State Council's announced holidays and make-up
  working days) for the years it ships (2004 to ``CHINESE_CALENDAR_LAST_YEAR``; a release is
  published each year once the next year is announced). Outside those years, the ``holidays``
  library's ``CN`` calendar: the statutory holidays by rule (including its "observed" days) and
  whatever make-up working days it knows (usually none for an unannounced year), so a ticket that
  runs into next year is counted against a reasonable estimate instead of failing.
- any other ISO 3166 code: the ``holidays`` library's public holidays for that country (and its
  make-up working days where it knows them).
- ``""``: no holidays at all (with every day 00:00–24:00 that is the 24×7 calendar: working time
  is wall-clock time).

Intervals are computed in local time and converted to UTC before any arithmetic, so a day on which
daylight saving time starts or ends has its real length.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import chinese_calendar
import holidays

MINUTES_PER_DAY = 24 * 60
DEFAULT_WORK_DAYS = (1, 2, 3, 4, 5)  # ISO weekdays: Monday is 1
DEFAULT_WORK_START = 9 * 60
DEFAULT_WORK_END = 18 * 60
DEFAULT_HOLIDAY_COUNTRY = "CN"
CHINESE_CALENDAR_FIRST_YEAR = min(chinese_calendar.constants.holidays).year
CHINESE_CALENDAR_LAST_YEAR = max(chinese_calendar.constants.holidays).year
SEARCH_DAYS = 3660  # a calendar with no working day in ten years is refused, not looped on


@dataclass(frozen=True)
class WorkingCalendar:
    time_zone: str = "Asia/Shanghai"
    work_days: tuple[int, ...] = DEFAULT_WORK_DAYS
    start: int = DEFAULT_WORK_START  # minutes after local midnight
    end: int = DEFAULT_WORK_END  # minutes after local midnight, up to 24:00
    country: str = DEFAULT_HOLIDAY_COUNTRY  # "" = no holidays

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def is_working_day(self, day: date) -> bool:
        off, worked = country_days(self.country, day.year)
        if day in worked:
            return True
        return day.isoweekday() in self.work_days and day not in off

    def hours(self, day: date) -> tuple[datetime, datetime] | None:
        """The day's working interval in UTC, or None on a day off."""
        return _day_hours(self, day)

    def today(self, now: datetime) -> date:
        """The date on the partner's wall calendar at ``now``."""
        return now.astimezone(self.zone).date()


AROUND_THE_CLOCK = WorkingCalendar(
    time_zone="UTC", work_days=(1, 2, 3, 4, 5, 6, 7), start=0, end=MINUTES_PER_DAY, country=""
)


@lru_cache(maxsize=8192)
def _day_hours(calendar: WorkingCalendar, day: date) -> tuple[datetime, datetime] | None:
    """``WorkingCalendar.hours``, remembered: a page of clocks asks about the same days again and
    again (a calendar is a frozen value, and so is the answer for a day)."""
    if not calendar.is_working_day(day):
        return None
    zone = calendar.zone
    begin, end = _local(day, calendar.start, zone), _local(day, calendar.end, zone)
    return (begin, end) if begin < end else None  # a start inside a DST gap


def _local(day: date, minutes: int, zone) -> datetime:
    """``minutes`` after local midnight of ``day`` (24:00 is the next day's midnight), in UTC."""
    day, minutes = (day + timedelta(days=1), 0) if minutes >= MINUTES_PER_DAY else (day, minutes)
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone).astimezone(UTC)


@lru_cache(maxsize=256)
def country_days(country: str, year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(official days off, make-up working days) of ``country`` in ``year``."""
    if not country:
        return frozenset(), frozenset()
    if country == "CN" and CHINESE_CALENDAR_FIRST_YEAR <= year <= CHINESE_CALENDAR_LAST_YEAR:
        constants = chinese_calendar.constants
        return (
            frozenset(d for d in constants.holidays if d.year == year),
            frozenset(d for d in constants.workdays if d.year == year),
        )
    known = holidays.country_holidays(country, years=year)
    worked = getattr(known, "weekend_workdays", set())
    return frozenset(known), frozenset(d for d in worked if d.year == year)


def is_known_country(country: str) -> bool:
    return country == "" or (len(country) == 2 and country in holidays.list_supported_countries())


def clock_text(minutes: int) -> str:
    """Minutes after midnight as "HH:MM" (1440 is "24:00")."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock_minutes(text: str) -> int | None:
    """ "HH:MM" (00:00 to 24:00) as minutes after midnight; None when it is not such a time."""
    hours, sep, minutes = (text or "").strip().partition(":")
    if not (sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        return None
    value = int(hours) * 60 + int(minutes)
    return value if int(minutes) < 60 and value <= MINUTES_PER_DAY else None


def _intervals(calendar: WorkingCalendar, since: datetime):
    """The working intervals that end after ``since``, in order (UTC)."""
    day = since.astimezone(calendar.zone).date() - timedelta(days=1)
    idle = 0
    while idle < SEARCH_DAYS:
        hours = calendar.hours(day)
        day += timedelta(days=1)
        idle = idle + 1 if hours is None else 0
        if hours is not None and hours[1] > since:
            yield hours
    raise ValueError("This calendar has no working day in ten years.")


def working_add(calendar: WorkingCalendar, start: datetime, amount: timedelta) -> datetime:
    """The instant at which ``amount`` of working time has passed since ``start``.

    A positive amount always ends inside working hours (at the latest at a day's closing time);
    nothing is added for zero."""
    if amount <= timedelta(0):
        return start
    left = amount
    for begin, end in _intervals(calendar, start):
        begin = max(begin, start)
        if left <= end - begin:
            return begin + left
        left -= end - begin
    raise AssertionError("unreachable")  # _intervals raises first


def working_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> timedelta:
    """The working time from ``start`` to ``end``; zero when ``end`` is not after ``start``."""
    total = timedelta(0)
    if end <= start:
        return total
    for begin, close in _intervals(calendar, start):
        if begin >= end:
            return total
        total += min(close, end) - max(begin, start)
    raise AssertionError("unreachable")


def working_days_add(calendar: WorkingCalendar, start: datetime, days: int) -> datetime:
    """``start`` moved ``days`` working days ahead, at the same local time."""
    moment = start.astimezone(calendar.zone)
    for _ in range(SEARCH_DAYS):
        if days <= 0:
            return moment
        moment += timedelta(days=1)
        days -= calendar.is_working_day(moment.date())
    raise ValueError("This calendar has no working day in ten years.")
