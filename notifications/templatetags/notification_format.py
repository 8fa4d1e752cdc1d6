"""Formatting for e-mails, always in the language active while the e-mail renders."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

from core.ui.dates import format_date, format_datetime
from core.ui.numbers import format_money
from core.ui.punctuation import labelled, sentence_separator

register = template.Library()


@register.filter
def money(amount, currency=""):
    """``1200`` → "CNY 1,200.00" in English, "1 200,00 CNY" in French: the formatter of the pages
    (``core.ui.numbers``), so an amount reads the same in an e-mail and on the page."""
    try:
        Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return amount
    return format_money(amount, currency)


def _labels():
    return {
        "non_payment": _("non-payment"),
        "fraud": _("fraud"),
        "misuse": _("misuse"),
        "upheld": _("upheld"),
        "partially_upheld": _("partially upheld"),
        "rejected": _("rejected"),
        "answered": _("answered"),
        "first_response": _("first response"),
        "resolution": _("resolution"),
        "close_loop": _("close the loop"),
    }


@register.filter
def label(code):
    """The translated label of a code the callers pass (suspension reason, outcome, SLA)."""
    return _labels().get(str(code), code)


@register.filter
def quote(text):
    """Quote a message in a plain-text e-mail the way mail clients do: "> " before each line."""
    return "\n".join(f"> {line}".rstrip() for line in str(text).splitlines()) or ">"


@register.filter(expects_localtime=True)
def when(value):
    """A date and time in the reader's words (the pages' formatter, ``core.ui.dates``), without
    the weekday."""
    return format_datetime(value)


@register.filter(expects_localtime=True)
def long_date(value):
    """A date in the reader's words, as on the pages: "1 dicembre 2026", "1 декабря 2026 г."."""
    return format_date(value)


@register.filter(is_safe=True)
def colon(label):
    """A label before its value, punctuated for the reader: "Status: ", "状态：", "Statut : "."""
    return labelled(label)


@register.simple_tag
def sentence_gap():
    """Between two translated sentences: a space, none in Chinese."""
    return sentence_separator()
