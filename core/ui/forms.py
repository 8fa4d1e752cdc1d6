"""The form base of every page: our field markup, an error summary on top, hints and errors by
each field. Forms only shape input; the rules live in the services they feed."""

from django import forms


class DeskFormMixin:
    template_name = "ui/form.html"


class DeskForm(DeskFormMixin, forms.Form):
    pass
