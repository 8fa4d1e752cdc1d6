"""The one date formatter of pages and e-mails for dates written out in words: the reader's locale
(CLDR, by Babel) decides the order, the month's case and capital — "December 1, 2026",
"1 dicembre 2026", "1 de dezembro de 2026", "1 декабря 2026 г.", "2026年12月1日". Django's own
``DATE_FORMAT`` gets some of them wrong ("01 Dicembre 2026", "Martedì 01 Dicembre 2026").

Numeric dates (``SHORT_DATE_FORMAT``, "01/12/2026") stay Django's: they are right already.
"""

from datetime import date, datetime

from babel import dates
from django.utils import timezone

from core.ui.numbers import babel_locale


def _local(value: date | datetime) -> date | datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value: date | datetime | None) -> str:
    """A date in words in the active language; a datetime gives its local day."""
    if not value:
        return ""
    value = _local(value)
    day = value.date() if isinstance(value, datetime) else value
    return dates.format_date(day, format="long", locale=babel_locale())


def format_datetime(value: datetime | None) -> str:
    """The date in words and the time of day, joined the way the language joins them
    ("December 1, 2026, 9:05 AM", "1 dicembre 2026, 09:05")."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return format_date(value)
    value = _local(value)
    locale = babel_locale()
    time = dates.format_time(value, format="short", locale=locale)
    return (
        str(locale.datetime_formats["medium"])
        .replace("{1}", format_date(value))
        .replace("{0}", time)
    )
