"""Small presentation helpers shared by every page: status badges, money, bars, navigation."""

import re

from django import template
from django.urls import reverse
from django.utils.html import format_html

from core.ui.dates import format_date, format_datetime
from core.ui.numbers import format_money
from core.ui.punctuation import labelled, sentence_separator

register = template.Library()


@register.simple_tag
def badge(status, label=None):
    """``{% badge obj.status obj.get_status_display %}`` → a coloured, labelled status pill.

    The colour comes from ``.badge--<status>`` in desk.css; the text always names the status,
    so colour is never the only signal.
    """
    css = re.sub(r"[^a-z0-9_-]", "", str(status).lower())
    return format_html(
        '<span class="badge badge--{}">{}</span>', css, label if label is not None else status
    )


@register.filter
def money(amount, currency=""):
    """``{{ invoice.amount|money:invoice.currency }}`` → ``CNY 1,200.00`` in the reader's format
    (``core.ui.numbers``, the one formatter of pages and e-mails)."""
    if amount is None or amount == "":
        return ""
    return format_money(amount, currency)


@register.filter(expects_localtime=True)
def long_date(value):
    """``{{ invoice.due_date|long_date }}`` → "December 1, 2026", "1 dicembre 2026": a date in
    words the way the reader's language writes it (``core.ui.dates``, pages and e-mails)."""
    return format_date(value)


@register.filter(expects_localtime=True)
def long_datetime(value):
    """``{{ statement.paid_at|long_datetime }}`` → "1 dicembre 2026, 09:05"."""
    return format_datetime(value)


@register.filter(is_safe=True)
def colon(label):
    """``{{ _("Status")|colon }}{{ value }}`` → "Status: open", "状态：open", "Statut : ouvert"."""
    return labelled(label)


@register.simple_tag
def sentence_gap():
    """Between two translated sentences: a space, none in Chinese (``core.ui.punctuation``)."""
    return sentence_separator()


@register.filter
def percent_of(value, maximum):
    """Width of a bar, 0–100, for CSS bar charts; a non-zero value is always at least visible."""
    try:
        value, maximum = float(value or 0), float(maximum or 0)
    except (TypeError, ValueError):
        return 0
    if maximum <= 0 or value <= 0:
        return 0
    return max(2, min(100, round(100 * value / maximum)))


@register.inclusion_tag("includes/nav_item.html", takes_context=True)
def nav_item(context, url_name, label, prefix=""):
    """A side-navigation link, marked as the current page when the view name starts with
    ``prefix``."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    current = view_name == url_name or bool(prefix and view_name.startswith(prefix))
    return {"href": reverse(url_name), "label": label, "current": current}


@register.filter
def code_label(code):
    """A stored code (``non_payment``) as words, for codes without a display label."""
    return str(code).replace("_", " ")
