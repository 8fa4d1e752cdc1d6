"""The import upload form: it only shapes input; ``imports.services`` checks the file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.ui.forms import DeskForm
from imports.kinds import KINDS
from imports.models import ImportKind

KIND_CHOICES = [(value, label) for value, label in ImportKind.choices if value in KINDS]


class ImportForm(DeskForm):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8) or XLSX, 50 MB at most; the first row names the columns."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run"),
        required=False,
        help_text=_("Check the file and count what it would change, without writing anything."),
    )
