"""The queue's bulk action bar and its saved views: what the forms take, for the services in
``tickets.services.bulk`` and ``tickets.services.saved_views``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.ui.forms import DeskForm
from tickets.models import Priority
from tickets.services.bulk import BULK_LIMIT
from web.forms.tickets import labels


class TicketBulkForm(DeskForm):
    ids = forms.TypedMultipleChoiceField(coerce=int, required=True)
    action = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("assign", _("Assign")),
            ("set_priority", _("Priority")),
            ("wait_on_customer", _("Ask the customer")),
            ("close", _("Close ticket")),
        ],
    )
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), required=False, choices=[])
    body = forms.CharField(label=_("Message"), required=False, max_length=5000)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = [
            ("", _("Unassigned")),
            *[(str(pk), name) for pk, name in members],
        ]
        self.fields["priority"].choices = labels(Priority.choices)
        # Any whole numbers: the service says which ones are not found.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()

    def clean_ids(self):
        return self.cleaned_data["ids"][:BULK_LIMIT]

    def service_params(self) -> dict:
        """What ``tickets_bulk`` takes beside the ids and the action."""
        data, action = self.cleaned_data, self.cleaned_data["action"]
        if action == "assign":
            return {"assignee": int(data["assignee"]) if data["assignee"] else None}
        if action == "set_priority":
            return {"priority": data["priority"]}
        if action == "wait_on_customer":
            return {"body": data["body"]}
        return {"reason": data["reason"]}


class SavedViewForm(DeskForm):
    name = forms.CharField(label=_("Name"), max_length=80)
    shared = forms.BooleanField(label=_("Share with the team"), required=False)
    query = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
