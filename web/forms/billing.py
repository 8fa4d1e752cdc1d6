"""Forms of the billing pages. They only shape input (types, lengths, like the API's serializers);
every rule is the services' (billing/services/), whose refusals the pages show as they are."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from billing.models import Invoice, Statement, StepAction, Subscription, SuspensionReason
from billing.policy import MAX_DAYS, MAX_STEPS
from core.ui.forms import DeskForm
from core.validators import ID_RANGE, date_in_range

MONEY = dict(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NOTE = forms.Textarea(attrs={"rows": 2})


def _any(label, choices):
    return [("", label)] + list(choices)


# --- filters (GET): each form gives its list's selector the filters billing.selectors.filters reads


class InvoiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_any(_("Any status"), Invoice.Status.choices)
    )
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput, **ID_RANGE)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    frozen = forms.BooleanField(label=_("Disputed (frozen) only"), required=False)


class SubscriptionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_any(_("Any status"), Subscription.Status.choices),
    )
    reason = forms.ChoiceField(
        label=_("Suspended for"),
        required=False,
        choices=_any(_("Any reason"), SuspensionReason.choices),
    )
    customer = forms.IntegerField(required=False, widget=forms.HiddenInput, **ID_RANGE)
    partner = forms.IntegerField(required=False, widget=forms.HiddenInput, **ID_RANGE)


class StatementFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_any(_("Any status"), Statement.Status.choices)
    )
    partner = forms.ChoiceField(label=_("Partner"), required=False, choices=())
    reported = forms.BooleanField(label=_("Payment reported, to confirm"), required=False)

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = _any(
            _("All partners"), [(str(p.pk), p.name) for p in partners]
        )

    def clean_partner(self):
        value = self.cleaned_data["partner"]
        return int(value) if value else None


class ExposurePeriodForm(forms.Form):
    """The month the exposure page compares what the operator billed with what was invoiced."""

    period = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


def filters(form) -> dict:
    """The cleaned filters of a GET form, for the list's selector; a value that does not parse
    filters nothing rather than failing.
    """
    form.is_valid()
    return {name: form.cleaned_data.get(name) for name in form.fields}


# --- invoices -------------------------------------------------------------------------------------


class PaymentForm(DeskForm):
    amount = forms.DecimalField(label=_("Amount"), **MONEY)
    date = forms.DateField(
        label=_("Date received"),
        widget=DATE,
        initial=timezone.localdate,
        validators=[date_in_range],
    )
    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=100,
        help_text=_("The bank transfer's reference, a receipt number…"),
    )

    def __init__(self, *args, currency: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if currency:
            self.fields["amount"].label = _("Amount (%(currency)s)") % {"currency": currency}
        self.fields["amount"].widget.attrs.update(inputmode="decimal", autocomplete="off")


class CreditForm(PaymentForm):
    """A partner admin's credit on part of an invoice: an amount and why."""

    date = None
    reference = None
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the invoice's history."),
    )


class ReasonForm(DeskForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the invoice's history."),
    )


class InvoiceForm(DeskForm):
    """A partner admin's invoice, typed in: the same fields as ``POST /api/invoices/``."""

    customer = forms.ModelChoiceField(
        label=_("Customer"), queryset=None, empty_label=_("Choose a customer…")
    )
    subscription = forms.ModelChoiceField(
        label=_("Subscription"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_("Optional: the subscription this invoice bills."),
    )
    number = forms.CharField(label=_("Number"), max_length=40)
    amount = forms.DecimalField(label=_("Amount"), **MONEY)
    currency = forms.CharField(
        label=_("Currency"),
        min_length=3,
        max_length=3,
        initial="CNY",
        help_text=_("A three-letter ISO 4217 code, e.g. CNY."),
    )
    issue_date = forms.DateField(
        label=_("Issue date"), widget=DATE, initial=timezone.localdate, validators=[date_in_range]
    )
    due_date = forms.DateField(label=_("Due date"), widget=DATE, validators=[date_in_range])

    def __init__(self, *args, customers, subscriptions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = customers
        # Choosing the customer reloads its subscriptions (desk.js; the view reads ?customer=).
        self.fields["customer"].widget.attrs["data-refresh"] = "customer-subscriptions"
        self.fields["subscription"].queryset = subscriptions
        self.fields["subscription"].label_from_instance = lambda sub: (
            f"{sub.offer} × {sub.quantity}" + (f" ({sub.external_id})" if sub.external_id else "")
        )
        self.fields["amount"].widget.attrs.update(inputmode="decimal", autocomplete="off")
        self.fields["currency"].widget.attrs.update(autocapitalize="characters", spellcheck="false")

    def clean_currency(self):
        value = self.cleaned_data["currency"].strip().upper()
        if not (value.isascii() and value.isalpha()):
            raise forms.ValidationError(_("A three-letter ISO 4217 code in capitals, e.g. CNY."))
        return value


# --- subscriptions --------------------------------------------------------------------------------


class SubscriptionForm(DeskForm):
    """What a partner admin types for a subscription: the same fields as the API's input."""

    offer = forms.CharField(
        label=_("Offer"), max_length=200, help_text=_("The product, e.g. Microsoft 365 E3.")
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        max_value=2**31 - 1,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    external_id = forms.CharField(
        label=_("External id"),
        required=False,
        max_length=100,
        help_text=_(
            "The Partner Center subscription id, or your own key. Unique among your subscriptions."
        ),
    )


class NoteForm(DeskForm):
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=NOTE,
        help_text=_("Kept in the history; the customer does not see it."),
    )


class OperatorSuspendForm(NoteForm):
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (SuspensionReason.FRAUD.value, SuspensionReason.FRAUD.label),
            (SuspensionReason.MISUSE.value, SuspensionReason.MISUSE.label),
        ],
        widget=forms.RadioSelect,
    )
    field_order = ["reason", "note"]


# --- collections policy ---------------------------------------------------------------------------


class StepForm(forms.Form):
    # The day's range is checked here as the API's serializer checks it (same words); the order and
    # the combination of steps are the service's to judge.
    after_days = forms.IntegerField(
        label=_("Days after the due date"),
        required=False,
        min_value=1,
        max_value=MAX_DAYS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=_any("—", StepAction.choices)
    )

    def step(self) -> dict | None:
        """The step this row gives, or None for a blank or removed row."""
        data = self.cleaned_data
        if data.get("DELETE") or (data.get("after_days") is None and not data.get("action")):
            return None
        return {"after_days": data.get("after_days"), "action": data.get("action") or ""}


StepFormSet = forms.formset_factory(
    StepForm, extra=0, can_delete=True, max_num=MAX_STEPS, absolute_max=MAX_STEPS
)
BLANK_ROWS = 3  # rows offered for new steps without JavaScript (desk.js reveals them one by one)


def step_formset(data=None, steps=()):
    """The steps editor: one row per step, then blank rows for new ones (up to the policy
    maximum)."""
    initial = [dict(step) for step in steps] + [{}] * min(BLANK_ROWS, MAX_STEPS - len(steps))
    return StepFormSet(data, initial=None if data is not None else initial, prefix="steps")


def steps_from(formset) -> list[dict]:
    """The steps of a valid formset, in day order: a new row typed at the bottom lands where its day
    puts it.
    """
    steps = [step for step in (form.step() for form in formset.forms) if step]
    return sorted(steps, key=lambda step: (step["after_days"] is None, step["after_days"] or 0))


def description_fields() -> list[tuple[str, str, str]]:
    """(language code, its name, form field) for each supported language."""
    return [
        (code, name, build_localized_fieldname("description", code))
        for code, name in settings.LANGUAGES
    ]


class PolicyForm(DeskForm):
    auto_suspend = forms.BooleanField(
        label=_("Suspend automatically"),
        required=False,
        help_text=_(
            "On: the suspend step suspends the customer's active subscriptions. Off: it puts the "
            "customer in your “ready to suspend” queue and e-mails your admins, who decide."
        ),
    )
    # Not an input: where the service's verdict on the steps as a whole is shown.
    steps = forms.Field(required=False, widget=forms.MultipleHiddenInput, label=_("Steps"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name, field in description_fields():
            self.fields[field] = forms.CharField(
                label=name,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6, "lang": code}),
                help_text=None
                if code == settings.LANGUAGE_CODE
                else _("Left empty, readers in this language get the English text."),
            )

    def descriptions(self) -> dict[str, str]:
        return {
            field: self.cleaned_data.get(field) or ""
            for _code, _name, field in description_fields()
        }

    def language_fields(self):
        return [(code, name, self[field]) for code, name, field in description_fields()]


# --- statements -----------------------------------------------------------------------------------


class StatementPayForm(DeskForm):
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        help_text=_("The reference of your bank transfer to the operator."),
    )


class StatementForm(DeskForm):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=None, empty_label=_("Choose a partner…")
    )
    number = forms.CharField(label=_("Number"), max_length=40)
    amount = forms.DecimalField(label=_("Amount"), **MONEY)
    currency = forms.CharField(
        label=_("Currency"),
        min_length=3,
        max_length=3,
        initial="CNY",
        help_text=_("A three-letter ISO 4217 code, e.g. CNY."),
    )
    due_date = forms.DateField(label=_("Due date"), widget=DATE, validators=[date_in_range])

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        self.fields["currency"].widget.attrs.update(autocapitalize="characters", spellcheck="false")

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()
