"""The canned reply editor: a title and a text in each of the seven languages, English required
(the service says so too; a language left empty is sent in English and shown as missing)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from core.ui.forms import DeskForm
from web.forms.tickets import TEXT_MAX

DEFAULT = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def translated_fields() -> list[tuple[str, str, str, str]]:
    """(language code, its name, title field, body field) for each supported language."""
    return [
        (
            code,
            name,
            build_localized_fieldname("title", code),
            build_localized_fieldname("body", code),
        )
        for code, name in settings.LANGUAGES
    ]


class CannedReplyForm(DeskForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _name, title, body in translated_fields():
            required = code == DEFAULT
            self.fields[title] = forms.CharField(
                label=_("Title"), max_length=120, required=required
            )
            self.fields[body] = forms.CharField(
                label=_("Text"),
                max_length=TEXT_MAX,
                required=required,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("Required in English.")
                if required
                else _("Left empty, agents send the English text."),
            )
            if required:
                for name in (title, body):
                    self.fields[name].error_messages["required"] = _("English is required.")

    def languages(self):
        """(code, name, title field, body field) as bound fields, for the tabs."""
        return [
            (code, name, self[title], self[body]) for code, name, title, body in translated_fields()
        ]
