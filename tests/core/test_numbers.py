"""One money formatter for pages and e-mails, by the reader's locale (CLDR): grouping in every
language, the currency code where the language writes it, the same text in a page and an e-mail."""

import pytest
from django.template import Context, Template
from django.utils import translation

from core.ui.numbers import format_money

PAGE = Template("{% load desk %}{{ amount|money:'CNY' }}")
EMAIL = Template("{% load notification_format %}{{ amount|money:'CNY' }}")


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "CNY 13,200.00"),
        ("zh-hans", "CNY 13,200.00"),
        ("ru", "13\N{NO-BREAK SPACE}200,00 CNY"),
        ("it", "13.200,00 CNY"),
        ("pt-br", "CNY 13.200,00"),
    ],
)
def test_pages_and_emails_write_an_amount_the_same_locale_correct_way(language, expected):
    with translation.override(language):
        page = PAGE.render(Context({"amount": "13200"}))
        email = EMAIL.render(Context({"amount": "13200"}))
        assert format_money("13200", "CNY") == expected
    assert page == email == expected
