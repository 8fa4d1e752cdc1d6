"""One formatter for dates in words, pages and e-mails alike, by the reader's locale (CLDR): the
month in the language's case ("dicembre", not "Dicembre"), no leading zero ("1", not "01"), no
weekday, the date and the time joined the way the language joins them."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

from core.ui.dates import format_date, format_datetime

DAY = date(2026, 12, 1)
MOMENT = datetime(2026, 12, 1, 1, 5, tzinfo=ZoneInfo("UTC"))  # 09:05 in Asia/Shanghai
PAGE = Template("{% load desk %}{{ day|long_date }}|{{ moment|long_datetime }}")
EMAIL = Template("{% load notification_format %}{{ day|long_date }}|{{ moment|when }}")

LONG_DATES = {
    "en": "December 1, 2026",
    "zh-hans": "2026年12月1日",
    "es": "1 de diciembre de 2026",
    "fr": "1 décembre 2026",
    "it": "1 dicembre 2026",
    "pt-br": "1 de dezembro de 2026",
    "ru": "1 декабря 2026\N{NARROW NO-BREAK SPACE}г.",
}
LONG_DATETIMES = {
    "en": "December 1, 2026, 9:05\N{NARROW NO-BREAK SPACE}AM",
    "zh-hans": "2026年12月1日 09:05",
    "es": "1 de diciembre de 2026, 9:05",
    "fr": "1 décembre 2026, 09:05",
    "it": "1 dicembre 2026, 09:05",
    "pt-br": "1 de dezembro de 2026 09:05",
    "ru": "1 декабря 2026\N{NARROW NO-BREAK SPACE}г., 09:05",
}


def test_every_language_of_the_desk_is_covered():
    assert set(LONG_DATES) == set(LONG_DATETIMES) == set(settings.LANGUAGE_CODES)


@pytest.mark.parametrize("language", sorted(LONG_DATES))
def test_a_date_in_words_reads_the_way_the_language_writes_it(language):
    with translation.override(language), timezone.override("Asia/Shanghai"):
        assert format_date(DAY) == LONG_DATES[language]
        assert format_date(MOMENT) == LONG_DATES[language]  # a moment's local day
        assert format_datetime(MOMENT) == LONG_DATETIMES[language]


@pytest.mark.parametrize("language", sorted(LONG_DATES))
def test_pages_and_emails_write_a_date_the_same_way(language):
    context = Context({"day": DAY, "moment": MOMENT})
    with translation.override(language), timezone.override("Asia/Shanghai"):
        page, email = PAGE.render(context), EMAIL.render(context)
    assert page == email == f"{LONG_DATES[language]}|{LONG_DATETIMES[language]}"


def test_italian_is_lower_case_without_a_leading_zero_or_a_weekday():
    with translation.override("it"):
        assert format_datetime(MOMENT).startswith("1 dicembre 2026")
        assert "Martedì" not in format_datetime(MOMENT)


def test_no_template_writes_a_long_date_with_djangos_formats():
    """Django's DATE_FORMAT and DATETIME_FORMAT write "01 Dicembre 2026" and "Martedì 01
    Dicembre 2026" in Italian: long dates go through ``long_date`` / ``long_datetime``."""
    root = Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(root))
        for folder in ("web/templates", "notifications/templates")
        for path in (root / folder).rglob("*.*")
        if 'date:"DATE_FORMAT"' in path.read_text() or 'date:"DATETIME_FORMAT"' in path.read_text()
    ]
    assert offenders == []
