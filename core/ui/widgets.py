"""Widgets drawn in Python where Django's per-option templates are the cost of a page.

Django renders a ``<select>`` through one template for the select and one more per option; a
filter with a few hundred customers spends more time there than the page's queries take. These
write the same markup directly (``tests/core/test_widgets.py`` compares them with Django's).
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """``forms.Select`` with the same HTML, written without a template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        options = []
        for group_name, group_options, _index in context["optgroups"]:
            rows = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (option["value"], flatatt(option["attrs"]), option["label"])
                    for option in group_options
                ),
            )
            options.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rows)
                if group_name
                else rows
            )
        attrs = {**context["attrs"], "name": context["name"]}  # every part above is escaped
        return format_html("<select{}>{}</select>", flatatt(attrs), mark_safe("".join(options)))
