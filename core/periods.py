"""A report's period: ``from``/``to`` dates (both included), checked the same way wherever they
arrive (the API's query string, the reports page), cut into weeks that start on Monday."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.validators import dates_in_range

DEFAULT_WEEKS = 12
MAX_DAYS = 2 * 366  # a report covers at most two years: its weeks stay a readable chart


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """The first instant of ``start`` and the first instant after ``end``, in the current
        time zone."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def weeks(self) -> list[date]:
        """The Monday of every week the period touches."""
        first, last = monday(self.start), monday(self.end)
        return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]

    def week_ends(self) -> list[date]:
        """The last day of every week in the period (its Sunday, or ``end`` for the last)."""
        return [min(week + timedelta(days=6), self.end) for week in self.weeks()]


@dataclass(frozen=True)
class ReportFilters:
    """What every report reads: the period and, for the operator, one partner (None: all)."""

    period: Period
    partner: int | None = None


def default_period(today: date | None = None) -> Period:
    """The last twelve weeks: from the Monday eleven weeks back to today."""
    today = today or timezone.localdate()
    return Period(monday(today) - timedelta(weeks=DEFAULT_WEEKS - 1), today)


def period_of(start: date | None, end: date | None, today: date | None = None) -> Period:
    """The period asked for, a missing end filled from the default; refusals by field."""
    dates_in_range(**{"from": start, "to": end})
    default = default_period(today)
    end = end or (default.end if start is None or start <= default.end else start)
    start = start or min(default.start, end)
    if start > end:
        raise ValidationError({"to": [_("The end of the period cannot be before its start.")]})
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError(
            {"from": [_("A report covers at most %(days)s days.") % {"days": MAX_DAYS}]}
        )
    return Period(start, end)
