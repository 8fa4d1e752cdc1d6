"""Formatting for e-mails, always in the language active while the e-mail renders."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext as _

from core.ui.dates import format_datetime
from core.ui.numbers import format_money
from core.ui.templatetags import desk

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


# The same words as the pages (``core.ui.templatetags.desk``): one formatter for both.
register.filter("long_date", desk.long_date, expects_localtime=True)
register.filter("colon", desk.colon, is_safe=True)
register.simple_tag(desk.sentence_gap, name="sentence_gap")
