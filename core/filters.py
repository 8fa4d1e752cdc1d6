"""Filters every list shares (django-filter)."""

import django_filters
from django import forms

from core.validators import ID_RANGE


class IdFilter(django_filters.NumberFilter):
    """Rows of the object with this id. A plain whole number a bigint can hold, not a model
    choice: a choice would look the id up among every partner's rows, and answer differently for
    another partner's id than for one nobody has; beyond a bigint the lookup would overflow."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**ID_RANGE, **kwargs})
