"""The audit timeline's words: each app names its own actions and states (``<app>/labels.py``);
web, which sits above every app, puts them together. An action nobody labelled shows its code."""

from django import template
from django.utils.translation import gettext as _

from billing import labels as billing_labels
from core.ui.templatetags.desk import code_label
from partners import labels as partner_labels
from tickets import labels as ticket_labels

register = template.Library()

APPS = (partner_labels, billing_labels, ticket_labels)
EVENT_ACTIONS = {action: label for app in APPS for action, label in app.EVENT_LABELS.items()}
STATE_LABELS = {
    object_type: dict(choices) for app in APPS for object_type, choices in app.STATE_CHOICES.items()
}

REASON_LABELS = {
    key: dict(choices)
    for app in APPS
    for key, choices in getattr(app, "REASON_CHOICES", {}).items()
}


@register.filter
def event_label(action):
    return EVENT_ACTIONS.get(action) or code_label(action)


@register.simple_tag
def state_label(object_type, state):
    """``{% state_label event.object_type event.to_state %}`` → the state's label, else its code."""
    if not state:
        return "—"
    return STATE_LABELS.get(object_type, {}).get(state) or code_label(state)


@register.filter
def event_reason(event):
    """The reason as written, or the label of the code some actions store as their reason."""
    return REASON_LABELS.get((event.object_type, event.action), {}).get(event.reason, event.reason)


@register.simple_tag
def state_change(event):
    """``from → to``; a creation reads as a sentence ("created as new")."""
    to_state = state_label(event.object_type, event.to_state)
    if event.from_state:
        return f"{state_label(event.object_type, event.from_state)} → {to_state}"
    return _("as %(state)s") % {"state": to_state}
