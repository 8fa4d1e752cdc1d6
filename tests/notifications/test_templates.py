"""Every kind of e-mail renders in all seven languages, with text and HTML, formatted for the
reader.
"""

import pytest
from django.conf import settings

from notifications.kinds import CUSTOMER_KINDS, KINDS
from notifications.rendering import render_email
from partners.models import Partner
from tests.support.email_context import VALUES, context_for

LANGUAGES = settings.LANGUAGE_CODES
PARTNER = Partner(
    name="Blue Sky Cloud", support_email="help@bluesky.example", time_zone="Asia/Shanghai"
)
TICKET_KINDS = [kind for kind in CUSTOMER_KINDS if kind.startswith("ticket_")]
DUNNING_KINDS = ["invoice_reminder", "invoice_final_notice"]


def render(kind, language, **overrides):
    return render_email(
        partner=PARTNER, kind=kind, language=language, context=context_for(kind, **overrides)
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_renders_in_every_language_with_text_and_html(kind, language):
    subject, text, html = render(kind, language)
    assert subject and "\n" not in subject
    assert len(text.strip()) > 80
    assert html.lstrip().startswith("<!DOCTYPE html>") and f'<html lang="{language}">' in html
    for part in (text, html):
        assert "Blue Sky Cloud" in part
    if kind in CUSTOMER_KINDS:
        assert "help@bluesky.example" in text and "help@bluesky.example" in html


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_non_english_subject_and_body_differ_from_english(kind, language):
    en_subject, en_text, _html = render(kind, "en")
    subject, text, _html = render(kind, language)
    assert subject != en_subject
    # Not one English sentence of the template may survive in the translation.
    english_lines = {
        line
        for line in en_text.splitlines()
        if len(line) > 25 and not line.startswith(("> ", "http"))
    }
    assert not english_lines & set(text.splitlines())


@pytest.mark.parametrize("kind", TICKET_KINDS)
def test_ticket_emails_carry_the_status_link(kind):
    _subject, text, html = render(kind, "es")
    assert VALUES["status_url"] in text
    assert f'href="{VALUES["status_url"]}"' in html


@pytest.mark.parametrize("kind", DUNNING_KINDS)
def test_dunning_emails_carry_policy_link_amount_and_invoice_number_in_the_readers_format(kind):
    # The locale's CLDR data (Babel, core.ui.numbers) decides separators, grouping and on which
    # side the code goes — the same as on the pages.
    expected = {
        "en": "CNY 12,345.60",
        "fr": "12\u202f345,60 CNY",
        "es": "12.345,60 CNY",
        "ru": "12\xa0345,60 CNY",
        "pt-br": "CNY 12.345,60",
        "zh-hans": "CNY 12,345.60",
        "it": "12.345,60 CNY",
    }
    for language in LANGUAGES:
        subject, text, html = render(kind, language)
        assert VALUES["invoice_number"] in subject and VALUES["invoice_number"] in text
        assert expected[language] in text, (language, text)
        assert VALUES["policy_url"] in text and f'href="{VALUES["policy_url"]}"' in html


def test_the_final_notice_says_when_access_will_be_impacted_as_a_local_date():
    dates = {
        "en": "April 5, 2026",
        "fr": "5 avril 2026",
        "es": "5 de abril de 2026",
        "it": "5 aprile 2026",
        "pt-br": "5 de abril de 2026",
        "ru": "5 апреля 2026",
        "zh-hans": "2026年4月5日",
    }
    for language, local_date in dates.items():
        _subject, text, html = render("invoice_final_notice", language)
        assert local_date in text and local_date in html, (language, text)


def test_russian_uses_the_right_plural_for_days_overdue():
    texts = {days: render("invoice_reminder", "ru", days_overdue=days)[1] for days in (1, 3, 5, 21)}
    assert (
        "1 день" in texts[1]
        and "3 дня" in texts[3]
        and "5 дней" in texts[5]
        and "21 день" in texts[21]
    )


def test_datetimes_are_shown_in_the_partners_time_zone():
    _subject, text, _html = render("sla_breached", "en")
    assert "9:00\N{NARROW NO-BREAK SPACE}AM" in text  # 01:00 UTC is 09:00 in Asia/Shanghai


def test_the_html_part_escapes_what_customers_wrote_and_the_text_part_keeps_it_as_written():
    subject, text, html = render(
        "ticket_reply", "en", subject="Seats & <b>VAT</b>", message="Tom's <script>"
    )
    assert "Seats & <b>VAT</b>" in subject and "Tom's <script>" in text
    assert (
        "<script>" not in html
        and "&lt;script&gt;" in html
        and "Seats &amp; &lt;b&gt;VAT&lt;/b&gt;" in html
    )


def test_a_subject_never_spans_two_header_lines():
    subject, _text, _html = render(
        "ticket_received", "en", subject="Line one\r\nBcc: someone@evil.example"
    )
    assert "\n" not in subject and "\r" not in subject


def test_dates_passed_as_iso_strings_are_formatted_too():
    _subject, text, _html = render(
        "invoice_final_notice", "fr", impact_date="2026-04-05", due_date="2026-03-01"
    )
    assert "5 avril 2026" in text and "1 mars 2026" in text
