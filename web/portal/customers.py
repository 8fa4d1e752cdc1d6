"""The customer list and customer page: partner pages that show every app's side of a customer.

Like the dashboard, they are composed here at the top of the dependency graph (tickets → billing
→ partners), from each app's own selectors; creating and editing a customer stays in partners.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing import selectors as billing_selectors
from core.web import (
    csv_export,
    csv_requested,
    get_for_actor,
    paginate,
    role_required,
    service_errors,
)
from notifications import selectors as notification_selectors
from partners import selectors as partner_selectors
from partners import services as partner_services
from partners.api.serializers import CustomerOutput
from partners.models import Customer
from tickets import selectors
from web.forms.partners import ContactForm

DETAIL_ROWS = 20  # rows per section on the customer page; the full lists have their own pages


@role_required("partner")
def customer_list(request):
    actor, query = request.actor, request.GET.get("q", "").strip()
    rows = partner_selectors.customer_list(actor=actor, filters={"q": query})
    if csv_requested(request):
        return csv_export(name="customers", serializer_class=CustomerOutput, rows=rows)
    customers = rows.annotate(
        **billing_selectors.customer_counts(actor=actor, today=timezone.localdate()),
        **selectors.customer_counts(actor=actor),
    )
    return render(
        request,
        "portal/customers/list.html",
        {"page": paginate(request, customers), "query": query},
    )


def _capped(queryset):
    """The first DETAIL_ROWS rows, and whether there are more (one query, no COUNT)."""
    rows = list(queryset[: DETAIL_ROWS + 1])
    return {"rows": rows[:DETAIL_ROWS], "more": len(rows) > DETAIL_ROWS}


@role_required("partner")
def customer_detail(request, pk):
    return _detail(request, get_for_actor(request.actor, Customer.objects, pk=pk))


def _detail(request, customer, contact_form=None):
    actor = request.actor
    contacts = list(customer.contacts.all())
    bounces = notification_selectors.last_bounces(
        actor=actor, addresses=[customer.email, *(contact.email for contact in contacts)]
    )
    for contact in contacts:
        contact.bounce = bounces.get(contact.email)
    invoices = _capped(billing_selectors.customer_invoices(actor=actor, customer=customer))
    today = timezone.localdate()
    for invoice in invoices["rows"]:
        invoice.overdue_days = invoice.days_overdue(today)
    context = {
        "customer": customer,
        "contacts": contacts,
        "email_bounce": bounces.get(customer.email),
        "contact_form": contact_form or ContactForm(prefix="contact"),
        "subscriptions": _capped(
            billing_selectors.customer_subscriptions(actor=actor, customer=customer)
        ),
        "invoices": invoices,
        "credit_notes": _capped(
            billing_selectors.credit_note_list(actor=actor, filters={"customer": customer})
        ),
        "tickets": _capped(selectors.customer_tickets(actor=actor, customer=customer)),
        "events": partner_selectors.event_list_for(actor=actor, obj=customer).reverse()[
            :DETAIL_ROWS
        ],
    }
    return render(request, "portal/customers/detail.html", context)


def _contacts_url(customer) -> str:
    return reverse("customer-detail", args=[customer.pk]) + "#contacts"


@role_required("partner")
@require_POST
def customer_contact_add(request, pk):
    customer = get_for_actor(request.actor, Customer.objects, pk=pk)
    form = ContactForm(request.POST, prefix="contact")
    if form.is_valid():
        with service_errors(request, form) as call:
            contact = partner_services.customer_contact_add(
                actor=request.actor, customer=customer, **form.cleaned_data
            )
        if not call.failed:
            messages.success(
                request, _("%(email)s now speaks for the customer.") % {"email": contact.email}
            )
            return redirect(_contacts_url(customer))
    return _detail(request, customer, contact_form=form)


@role_required("partner")
@require_POST
def customer_contact_remove(request, pk, contact_pk):
    customer = get_for_actor(request.actor, Customer.objects, pk=pk)
    contact = get_for_actor(request.actor, customer.contacts.all(), pk=contact_pk)
    with service_errors(request) as call:
        partner_services.customer_contact_remove(actor=request.actor, contact=contact)
    if not call.failed:
        messages.success(request, _("%(email)s was removed.") % {"email": contact.email})
    return redirect(_contacts_url(customer))
