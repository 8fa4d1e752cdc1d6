"""The reports page's period and partner (a GET form: it changes nothing). The period is
checked by ``core.periods.period_of``, as the API checks it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.periods import ReportFilters, period_of
from core.ui.forms import DeskForm


class ReportFilterForm(DeskForm):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    partner = forms.TypedChoiceField(label=_("Partner"), required=False, coerce=int)

    NAMES = {"start": "from", "end": "to"}  # in the query string, as on the API

    def __init__(self, data, *, actor, partners=(), **kwargs):
        super().__init__(data, **kwargs)  # always bound: no parameters is the default period
        self.actor = actor
        if actor.is_operator:
            self.fields["partner"].choices = [("", _("Every partner")), *partners]
        else:
            del self.fields["partner"]

    def add_prefix(self, field_name):
        return self.NAMES.get(field_name, field_name)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["period"] = period = period_of(data.get("start"), data.get("end"))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error({"from": "start", "to": "end"}[field], messages)
            return data
        # the inputs show the period read, the default one included
        self.data = self.data.copy()
        self.data["from"], self.data["to"] = period.start.isoformat(), period.end.isoformat()
        return data

    def filters(self) -> ReportFilters:
        partner = self.cleaned_data.get("partner") if self.actor.is_operator else None
        return ReportFilters(self.cleaned_data["period"], partner=partner or self.actor.partner_id)
