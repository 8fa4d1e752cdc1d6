"""Phone-sized pages (static/css/phone.css, static/js/phone.js).

``{% phone_fold _("Filters") "filters" %}…{% endphone_fold %}`` wraps part of a page (a filter bar,
the side navigation) in a ``<details>`` that is open on a wide screen, with its summary hidden, and
folded behind that summary on a phone: a button that works without script.
"""

from django import template
from django.utils.html import format_html

register = template.Library()


class FoldNode(template.Node):
    def __init__(self, label, kind, nodelist):
        self.label, self.kind, self.nodelist = label, kind, nodelist

    def render(self, context):
        kind = self.kind.resolve(context) if self.kind else ""
        return format_html(
            '<details class="fold{}" data-fold="narrow" open>'
            '<summary class="fold__summary">{}</summary>{}</details>',
            f" fold--{kind}" if kind else "",
            self.label.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def phone_fold(parser, token):
    """``{% phone_fold label [kind] %}…{% endphone_fold %}`` (kind: a ``fold--<kind>`` class)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("phone_fold takes a label and an optional kind")
    nodelist = parser.parse(("endphone_fold",))
    parser.delete_first_token()
    kind = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return FoldNode(parser.compile_filter(bits[1]), kind, nodelist)
