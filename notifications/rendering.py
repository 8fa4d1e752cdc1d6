"""Turning a kind and its context into subject, text and HTML, in the recipient's language.

Rendering happens once, at queue time: the row keeps exactly what will be sent, so a retry or a
re-delivery after a crash sends the same e-mail, and the partner sees what the customer got.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_date, parse_datetime

TEMPLATE_DIR = "notifications/email"


def render_email(*, partner, kind: str, language: str, context: dict) -> tuple[str, str, str]:
    """``(subject, text, html)`` of ``kind`` rendered in ``language``, datetimes in the partner's
    zone.
    """
    full = {**_with_dates(context), **_partner_context(partner)}
    full.setdefault("operator_name", settings_operator_name())
    full.setdefault("currency", "CNY")  # SPEC §3: money is in CNY unless the caller says otherwise
    zone = partner.time_zone if partner else settings.TIME_ZONE
    with translation.override(language), timezone.override(zone):
        full["language_code"] = translation.get_language()
        subject = render_to_string(f"{TEMPLATE_DIR}/{kind}.subject.txt", full)
        text = render_to_string(f"{TEMPLATE_DIR}/{kind}.txt", full)
        html = render_to_string(f"{TEMPLATE_DIR}/{kind}.html", full)
    # A subject is one header line: collapse newlines a customer might have put into a ticket
    # subject.
    return " ".join(subject.split())[:255], _tidy(text), html


def settings_operator_name() -> str:
    return getattr(settings, "OPERATOR_NAME", "21Vianet")


DATE_KEYS = ("due_date", "impact_date", "data_deletion_at", "close_loop_due", "due_at")


def _with_dates(context: dict) -> dict:
    """Accept ISO strings for dates too (a task may pass JSON); the ``date`` filter needs
    objects."""
    coerced = dict(context)
    for key in DATE_KEYS:
        value = coerced.get(key)
        if isinstance(value, str) and value:
            coerced[key] = parse_datetime(value) or parse_date(value) or value
    return coerced


def _partner_context(partner) -> dict:
    if partner is None:
        return {
            "partner_name": settings_operator_name(),
            "support_email": settings.DEFAULT_FROM_EMAIL,
        }
    return {"partner_name": partner.name, "support_email": partner.support_email}


def _tidy(text: str) -> str:
    """Template tags leave blank lines behind; keep at most one empty line between paragraphs."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy) + "\n"
