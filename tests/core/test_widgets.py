"""FastSelect writes the markup Django's Select writes, for every shape of choices."""

import pytest
from django import forms
from django.test import SimpleTestCase

from core.ui.widgets import FastSelect

CHOICES = [
    ("", "Any customer"),
    (1, 'Contoso <Ltd> & "Sons"'),
    (2, "世纪互联"),
    ("Group", [(3, "In a group"), (4, "Also")]),
]


@pytest.mark.parametrize("value", [None, "", 1, "2", 3])
@pytest.mark.parametrize("attrs", [None, {"id": "id_customer", "class": "x", "required": True}])
def test_it_renders_what_djangos_select_renders(value, attrs):
    expected = forms.Select(choices=CHOICES).render("customer", value, attrs)
    actual = FastSelect(choices=CHOICES).render("customer", value, attrs)
    SimpleTestCase().assertHTMLEqual(actual, expected)


def test_it_escapes_labels_and_values():
    html = FastSelect(choices=[('"><script>', "<b>")]).render("x", None)
    assert "<script>" not in html and "<b>" not in html
