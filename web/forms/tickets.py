"""Forms of the ticket pages. They only shape input: every rule is checked by tickets.services,
whose refusals reach these forms through ``core.web.service_errors``.

Choices that depend on the reader (customers, members, canned replies, partners) are passed in
by the view from ``for_actor`` selectors, so a value of another partner is simply not a choice.
"""

from datetime import timedelta

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.ui.forms import DeskForm
from core.validators import whole_number
from tickets.models import Category, Outcome, Priority, TicketStatus, Visibility
from tickets.selectors import ACTIVE, OPEN
from tickets.services import attachments

TEXT_MAX = 20000  # the API's limit for a message body (tickets.api.serializers.TEXT)


def labels(choices):
    """Model choice labels are lower case (they sit inside sentences); a select starts them upper
    case.
    """
    return [(value, capfirst(label)) for value, label in choices]


def text(label, *, rows=4, help_text="", required_message=None, required=True, **attrs):
    field = forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, **attrs}),
    )
    if required_message:
        field.error_messages["required"] = required_message
    return field


def id_choice(label, choices, *, required=False, empty_label=None, **kwargs):
    """A choice of ids (int), with an optional empty first choice that means "none"."""
    choices = list(choices)
    if empty_label is not None:
        choices = [("", empty_label)] + choices
    return forms.TypedChoiceField(
        label=label, choices=choices, coerce=int, empty_value=None, required=required, **kwargs
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one input; each is checked (type, size, signature) by the service."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        return [super(FilesField, self).clean(upload, initial) for upload in files]


def _files_help_now() -> str:
    """The limits the attachment service enforces (its settings), in the reader's language."""
    return gettext(
        "PDF, images, text, CSV, Excel or Word; up to %(files)d files of %(size)s each."
    ) % {"files": attachments.MAX_FILES, "size": filesizeformat(attachments.MAX_BYTES)}


def files_field():
    return FilesField(
        label=_("Attachments"),
        required=False,
        help_text=lazy(_files_help_now, str)(),
    )


# --- the queue --------------------------------------------------------------------------------


def valid_data(form) -> dict:
    """A GET form's cleaned values, leaving out the ones that do not parse."""
    form.is_valid()
    return {
        name: value
        for name, value in getattr(form, "cleaned_data", {}).items()
        if name not in form.errors
    }


class TicketQueueForm(DeskForm):
    """The queue's filters (a GET form: it changes nothing)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("In progress")), *labels(TicketStatus.choices), ("all", _("All tickets"))],
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("Any priority")), *labels(Priority.choices)],
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("Any category")), *labels(Category.choices)],
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    customer = id_choice(_("Customer"), [], empty_label=_("Any customer"))
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("updated", _("Recently updated")),
            ("priority", _("Urgent first")),
            ("created", _("Oldest first")),
            ("deadline", _("Next deadline")),
        ],
    )

    def __init__(self, *args, members, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            ("me", _("Assigned to me")),
            ("none", _("Unassigned")),
            *[(str(pk), name) for pk, name in members],
        ]
        self.fields["customer"].choices = [("", _("Any customer")), *customers]

    def filters(self, user_id: int) -> dict:
        """The queue's filters as ``tickets.selectors.TicketFilters`` takes them, the status left
        empty being the work in hand ("active"); an invalid value (a hand-edited URL) is simply
        ignored.
        """
        data = valid_data(self)
        assignee = data.get("assignee", "")
        return {
            "status": data.get("status") or ACTIVE,
            "q": data.get("q", "").strip(),
            "priority": data.get("priority", ""),
            "category": data.get("category", ""),
            "customer": data.get("customer"),
            "assignee": user_id if assignee == "me" else whole_number(assignee),
            "unassigned": True if assignee == "none" else None,  # False would mean "assigned"
        }

    def queue_order(self) -> str:
        return valid_data(self).get("order") or "updated"


# --- a new ticket -----------------------------------------------------------------------------


class TicketCreateForm(DeskForm):
    customer = id_choice(_("Customer"), [], required=True, empty_label=_("Choose a customer"))
    subscription = id_choice(
        _("Subscription"),
        [],
        empty_label=_("None"),
        help_text=_("The subscription the question is about, if any."),
    )
    invoice = id_choice(
        _("Invoice"),
        [],
        empty_label=_("None"),
        help_text=_(
            "The invoice the question is about, if any. A disputed invoice is frozen while "
            "its escalation is open."
        ),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=labels(Category.choices), initial=Category.BILLING_QUESTION
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=labels(Priority.choices),
        initial=Priority.NORMAL,
        help_text=_("Sets the first-response and resolution deadlines."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = text(
        _("Description"),
        rows=6,
        help_text=_(
            "What the customer asked, in their words. The customer sees it on their status page."
        ),
    )

    def __init__(self, *args, customers, subscriptions, invoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].choices = [("", _("Choose a customer")), *customers]
        self.fields["subscription"].choices = [("", _("None")), *subscriptions]
        self.fields["invoice"].choices = [("", _("None")), *invoices]
        # Choosing a customer reloads the two lists below with that customer's own (desk.js).
        self.fields["customer"].widget.attrs["data-refresh"] = "customer-links"


# --- the ticket page ----------------------------------------------------------------------------

VISIBILITY_HELP = {
    Visibility.PUBLIC: _("The customer sees it and gets it by e-mail."),
    Visibility.INTERNAL: _("Only your team sees it."),
    Visibility.OPERATOR: _("The operator sees it with the escalation; the customer does not."),
}


class ReplyForm(DeskForm):
    visibility = forms.ChoiceField(
        label=_("Who sees it"), widget=forms.RadioSelect, initial=Visibility.PUBLIC
    )
    canned_reply = id_choice(
        _("Canned reply"),
        [],
        empty_label=_("Write my own"),
        help_text=_("Picking one fills in the message in the customer's language."),
    )
    body = text(_("Message"), rows=6, required=False)
    files = files_field()

    def __init__(self, *args, canned, operator_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        visibilities = [v for v in Visibility if v != Visibility.OPERATOR or operator_allowed]
        self.fields["visibility"].choices = [(v.value, v.label) for v in visibilities]
        self.visibility_help = VISIBILITY_HELP
        self.fields["canned_reply"].choices = [
            ("", _("Write my own")),
            *[(c["id"], c["title"]) for c in canned],
        ]


class AssignForm(DeskForm):
    assignee = id_choice(_("Assignee"), [], empty_label=_("Nobody"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [("", _("Nobody")), *members]


class WaitForm(DeskForm):
    body = text(
        _("Question to the customer"),
        rows=3,
        required_message=_("Write what you need from the customer."),
        help_text=_("Sent to the customer; the ticket then waits on their answer."),
    )
    files = files_field()


class EscalateForm(DeskForm):
    summary = text(
        _("Summary"),
        rows=3,
        required_message=_("Write this down before escalating."),
        help_text=_("What the customer disputes or needs, for the operator."),
    )
    steps_taken = text(
        _("Steps already taken"),
        rows=4,
        required_message=_("Write this down before escalating."),
        help_text=_("What you checked and tried yourselves. Required by the operator's policy."),
    )


class ResolveForm(DeskForm):
    resolution = text(
        pgettext_lazy("resolve form: the text the customer receives", "Resolution"),
        rows=4,
        required_message=_("Write the resolution the customer will receive."),
        help_text=_(
            "Sent to the customer as a public message and by e-mail, with a link to confirm "
            "or say it is not solved."
        ),
    )


class AnswerForm(DeskForm):
    body = text(
        _("Your answer to the operator"),
        rows=4,
        required_message=_("Write your answer."),
        help_text=_("The customer does not see it."),
    )
    files = files_field()


class WithdrawForm(DeskForm):
    reason = text(
        _("Why you withdraw it"), rows=2, required_message=_("Say why you withdraw the escalation.")
    )


# --- the operator console ---------------------------------------------------------------------

AGES = {"1": 1, "3": 3, "7": 7}


class EscalationQueueForm(DeskForm):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[])
    partner = id_choice(_("Partner"), [], empty_label=_("All partners"))
    age = forms.ChoiceField(
        label=_("Waiting"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("1", _("More than a day")),
            ("3", _("More than 3 days")),
            ("7", _("More than a week")),
        ],
    )

    def __init__(self, *args, partners, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            ("", _("Open (not yet decided)")),
            *labels(statuses),
            ("all", _("All escalations")),
        ]
        self.fields["partner"].choices = [("", _("All partners")), *partners]

    def filters(self, now) -> dict:
        """The queue's filters as ``tickets.selectors.EscalationFilters`` takes them, the status
        left empty being the open ones; an invalid value is simply ignored.
        """
        data = valid_data(self)
        days = AGES.get(data.get("age"))
        return {
            "status": data.get("status") or OPEN,
            "partner": data.get("partner"),
            "created_before": now - timedelta(days=days) if days else None,
        }


class RequestInfoForm(DeskForm):
    question = text(
        _("Question to the partner"),
        rows=3,
        required_message=_("Write your question."),
        help_text=_("The partner's members are notified by e-mail; the customer does not see it."),
    )


class EscalationResolveForm(DeskForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Choose an outcome")), *labels(Outcome.choices)]
    )
    response = text(
        _("Response"),
        rows=4,
        help_text=_("The partner passes it on to the customer."),
        required_message=_("Write the response the partner will pass on to the customer."),
    )
    credit_amount = forms.DecimalField(
        label=_("Credit"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("Only with an upheld or partially upheld outcome."),
    )
