"""The activity inbox in the page chrome: the header's unread count."""

from django import template

from notifications.activity import activity_unread

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_activity_count(context) -> int:
    """The signed-in partner user's or operator's unread activity (one query, none on a page
    whose "Needs you" panel counted them; 0 for anyone else, no query)."""
    actor = context.get("actor")
    if actor is None or not (actor.is_partner_user or actor.is_operator):
        return 0
    panel = context.get("needs_you")  # the page's "Needs you" panel counted them already
    if panel is not None:
        return panel["total"]
    return activity_unread(actor=actor).count()
