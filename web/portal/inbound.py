"""The partner's "Inbound e-mail" page: held messages, each attached to a ticket, turned into a
ticket for a customer, or discarded — through the same services as the API."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.ui.forms import DeskForm
from core.web import (
    csv_export,
    csv_requested,
    get_for_actor,
    paginate,
    role_required,
    service_errors,
)
from mailgate import selectors, services
from mailgate.api.serializers import InboundEmailOutput
from mailgate.models import InboundEmail
from partners.models import Customer
from tickets.models import Category

HELD = InboundEmail.Status.HELD


class AttachForm(DeskForm):
    ticket = forms.IntegerField(label=gettext_lazy("Ticket number"), min_value=1)


class CreateTicketForm(DeskForm):
    customer = forms.TypedChoiceField(coerce=int, label=gettext_lazy("Customer"))
    category = forms.ChoiceField(
        choices=Category.choices, initial=Category.BILLING_QUESTION, label=gettext_lazy("Category")
    )

    def __init__(self, actor, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read once per page, whatever the number of rows showing this form.
        customers = Customer.objects.for_actor(actor).values_list("pk", "name", "email")
        self.fields["customer"].choices = [
            (pk, f"{name} <{email}>") for pk, name, email in customers
        ]


@role_required("partner")
def inbound_list(request, forms_of=None):
    rows = selectors.inbound_email_list(actor=request.actor, filters={"status": [HELD]})
    if csv_requested(request):
        return csv_export(name="inbound-emails", serializer_class=InboundEmailOutput, rows=rows)
    page = paginate(request, rows.select_related("ticket"))
    customer_form = CreateTicketForm(request.actor)
    for row in page.object_list:
        row.attach_form, row.create_form = (forms_of or {}).get(
            row.pk, (AttachForm(), customer_form)
        )
    return render(request, "portal/inbound/list.html", {"page": page})


def _attach(request, row):
    form = AttachForm(request.POST)
    if form.is_valid():
        with service_errors(request, form) as call:
            services.inbound_attach(actor=request.actor, inbound=row, **form.cleaned_data)
        if not call.failed:
            return _("The e-mail is now a message on ticket %(id)s.") % {
                "id": form.cleaned_data["ticket"]
            }
    return {row.pk: (form, CreateTicketForm(request.actor))}


def _create_ticket(request, row):
    form = CreateTicketForm(request.actor, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with service_errors(request, form) as call:
            row = services.inbound_create_ticket(
                actor=request.actor,
                inbound=row,
                customer=data["customer"],
                category=data["category"],
            )
        if not call.failed:
            return _("Ticket %(id)s was opened from the e-mail.") % {"id": row.ticket_id}
    return {row.pk: (AttachForm(), form)}


def _discard(request, row):
    with service_errors(request) as call:
        services.inbound_discard(actor=request.actor, inbound=row)
    return None if call.failed else _("The e-mail is discarded.")


ACTIONS = {"attach": _attach, "create-ticket": _create_ticket, "discard": _discard}


@role_required("partner")
@require_POST
def inbound_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    row = get_for_actor(request.actor, selectors.inbound_email_detail(actor=request.actor), pk=pk)
    outcome = ACTIONS[action](request, row)
    if isinstance(outcome, dict):  # a form with errors: the page again, that row's form filled
        return inbound_list(request, forms_of=outcome)
    if outcome:
        messages.success(request, outcome)
    return redirect("inbound-list")
