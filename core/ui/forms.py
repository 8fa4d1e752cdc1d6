"""The form base of every page: our field markup, an error summary on top, hints and errors by
each field. Forms only shape input; the rules live in the services they feed."""

from django import forms

from core.ui.widgets import FastSelect


class DeskFormMixin:
    template_name = "ui/form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the same markup, without a template per option
            if type(field.widget) is forms.Select:
                field.widget = FastSelect(attrs=field.widget.attrs, choices=field.widget.choices)


class DeskForm(DeskFormMixin, forms.Form):
    pass
