"""Small presentation helpers shared by every page: status badges, money, bars, navigation."""

import re

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.simple_tag
def badge(status, label=None):
    """``{% badge obj.status obj.get_status_display %}`` → a coloured, labelled status pill.

    The colour comes from ``.badge--<status>`` in desk.css; the text always names the status,
    so colour is never the only signal.
    """
    css = re.sub(r"[^a-z0-9_-]", "", str(status).lower())
    return format_html('<span class="badge badge--{}">{}</span>', css, label if label is not None else status)


@register.filter
def money(amount, currency=""):
    """``{{ invoice.amount|money:invoice.currency }}`` → ``CNY 1,200.00`` in the reader's format."""
    if amount is None or amount == "":
        return ""
    formatted = number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    return f"{currency} {formatted}".strip()


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
    """A side-navigation link, marked as the current page when the view name starts with ``prefix``."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    current = view_name == url_name or bool(prefix and view_name.startswith(prefix))
    return {"href": reverse(url_name), "label": label, "current": current}


@register.filter
def code_label(code):
    """A stored code (``non_payment``) as words, for codes without a display label."""
    return str(code).replace("_", " ")


# Labels of the audit actions partners records. Apps above partners add theirs in their
# AppConfig.ready() (``register_event_labels``), since partners may not import them; an action
# nobody labelled falls back to its code.
EVENT_ACTIONS = {
    "created": _("created"),
    "updated": _("updated"),
    "deleted": _("deleted"),
    "member_added": _("member added"),
}
STATE_LABELS: dict[str, dict] = {}  # object type (model name) → {state value: label}


def register_event_labels(actions: dict, states: dict | None = None) -> None:
    """``actions``: {action: label}; ``states``: {model name: choices} for the timeline's "from → to"."""
    EVENT_ACTIONS.update(actions)
    for object_type, choices in (states or {}).items():
        STATE_LABELS.setdefault(object_type, {}).update(dict(choices))


@register.filter
def event_label(action):
    return EVENT_ACTIONS.get(action) or code_label(action)


@register.simple_tag
def state_label(object_type, state):
    """``{% state_label event.object_type event.to_state %}`` → the state's label, else its code."""
    if not state:
        return "—"
    return STATE_LABELS.get(object_type, {}).get(state) or code_label(state)
