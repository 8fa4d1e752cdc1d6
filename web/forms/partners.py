"""Forms of the web UI. They only shape input; the rules live in the services they feed."""

import zoneinfo

import babel
import holidays
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils import translation
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device

from core.api.auth import OTP_REQUIRED
from core.ui.forms import DeskForm, DeskFormMixin
from partners.calendar import clock_minutes, clock_text
from partners.models import Role

LANGUAGES = settings.LANGUAGES


class SignInForm(DeskFormMixin, auth_forms.AuthenticationForm):
    """Username and password, and the second factor's code once the user has one."""

    otp = forms.CharField(
        label=_("Two-factor code"),
        required=False,
        max_length=64,
        help_text=_("Only if you have set up two-factor sign-in."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            code = cleaned.get("otp", "").strip()
            device = match_token(user, code) if code else None
            if device is None:
                raise forms.ValidationError(OTP_REQUIRED, code="otp")
            user.otp_device = device  # django-otp marks the session verified at login
        return cleaned


class PasswordChangeForm(DeskFormMixin, auth_forms.PasswordChangeForm):
    pass


class CustomerForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(
        label=_("Contact e-mail"),
        required=False,
        help_text=_(
            "Invoices, reminders and ticket updates go here. Without one, they are recorded as not "
            "sent."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=LANGUAGES,
        initial="en",
        help_text=_("E-mails and the ticket status page use this language."),
    )
    collections_exempt = forms.BooleanField(
        label=_("Exempt from collections"),
        required=False,
        help_text=_("No reminders, notices or suspension for non-payment."),
    )
    external_id = forms.CharField(
        label=_("External id"),
        required=False,
        max_length=100,
        help_text=_(
            "The Partner Center customer id, or your own key. Unique among your customers."
        ),
    )
    domain = forms.CharField(
        label=_("Domain"),
        required=False,
        max_length=253,
        help_text=_("The customer's tenant domain, e.g. contoso.partner.onmschina.cn."),
    )

    def __init__(self, *args, can_exempt: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_exempt:
            # Shown, so an agent sees the customer's status, but not editable: a disabled field
            # ignores what is posted and keeps the initial value.
            field = self.fields["collections_exempt"]
            field.disabled = True
            field.help_text = _("Only a partner admin can change this.")


class ContactForm(DeskForm):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_(
            "Mail from this address lands on the customer's tickets and may open new ones."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)


class MemberForm(DeskForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    password = forms.CharField(
        label=_("Initial password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.AGENT)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("The partner's default"))] + list(LANGUAGES),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            autocomplete="off", autocapitalize="none", spellcheck="false"
        )
        self.fields["password"].widget.attrs.update(autocomplete="new-password")
        self.fields["password"].help_text = password_validators_help_text_html()


def time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class PartnerForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=60,
        help_text=_("Lowercase letters, digits and hyphens; used in the partner's public pages."),
    )
    support_email = forms.EmailField(
        label=_("Support e-mail"), help_text=_("Customers reply to this address.")
    )
    default_language = forms.ChoiceField(
        label=_("Default language"), choices=LANGUAGES, initial="en"
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=time_zone_choices, initial="Asia/Shanghai"
    )


class TwoFactorCodeForm(DeskForm):
    code = forms.CharField(
        label=_("Two-factor code"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


def _holiday_country_choices():
    """Countries with a holiday calendar, named in the reader's language (Babel), and "none"."""
    locale = babel.Locale.parse(translation.to_locale(translation.get_language() or "en"))
    codes = [code for code in holidays.list_supported_countries() if len(code) == 2]
    named = sorted(((code, locale.territories.get(code, code)) for code in codes), key=_second)
    return [("", _("None (no official holidays)"))] + named


def _second(pair):
    return pair[1]


class ClockTimeField(forms.CharField):
    """A local time "HH:MM" from 00:00 to 24:00; cleaned to minutes after midnight."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update(maxlength=5, inputmode="numeric", placeholder="09:00", size=5)

    def prepare_value(self, value):
        return clock_text(value) if isinstance(value, int) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        minutes = clock_minutes(value)
        if minutes is None:
            raise forms.ValidationError(_('Write a time as "HH:MM", from 00:00 to 24:00.'))
        return minutes


class WorkingHoursForm(DeskForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    work_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        coerce=int,
        choices=[(number, WEEKDAYS[number - 1]) for number in range(1, 8)],
        widget=forms.CheckboxSelectMultiple,
    )
    work_start = ClockTimeField(label=_("Opening time"))
    work_end = ClockTimeField(
        label=_("Closing time"), help_text=_("24:00 is midnight at the end of the day.")
    )
    holiday_country = forms.ChoiceField(
        label=_("Official holidays"),
        required=False,
        choices=_holiday_country_choices,
        help_text=_(
            "China: the State Council's holidays and make-up working days. With every day from "
            "00:00 to 24:00 and no holidays, SLA hours are wall-clock hours."
        ),
    )
