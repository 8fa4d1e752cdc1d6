"""Partner portal: billing records typed in by a partner admin — a new subscription (from the
customer page), a subscription's offer, quantity and external id, and a new invoice.

The forms only shape input; ``billing.services`` (``subscription_create``,
``subscription_update``, ``invoice_create``) decide, and their refusals land on the fields
through ``service_errors``. Agents read only: these pages are ``role_required("admin")``.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from billing import services
from billing.models import Subscription
from billing.services.subscription_records import SUBSCRIPTION_FIELDS
from core.validators import whole_number
from core.web import get_for_actor, role_required, service_errors
from partners.models import Customer
from web.forms.billing import InvoiceForm, SubscriptionForm


@role_required("admin")
@require_http_methods(["GET", "POST"])
def subscription_create(request, pk):
    customer = get_for_actor(request.actor, Customer.objects, pk=pk)
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            subscription = services.subscription_create(
                actor=request.actor, customer=customer, **form.cleaned_data
            )
        if not call.failed:
            messages.success(
                request, _("Subscription %(offer)s created.") % {"offer": subscription.offer}
            )
            return redirect("subscription-detail", pk=subscription.pk)
    context = {"form": form, "customer": customer, "subscription": None}
    return render(request, "portal/billing/subscriptions/form.html", context)


@role_required("admin")
@require_http_methods(["GET", "POST"])
def subscription_edit(request, pk):
    subscription = get_for_actor(
        request.actor, Subscription.objects.select_related("customer"), pk=pk
    )
    initial = {name: getattr(subscription, name) for name in SUBSCRIPTION_FIELDS}
    form = SubscriptionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        with service_errors(request, form) as call:
            if changed:
                services.subscription_update(
                    actor=request.actor, subscription=subscription, **changed
                )
        if not call.failed:
            messages.success(
                request, _("Subscription saved.") if changed else _("Nothing was changed.")
            )
            return redirect("subscription-detail", pk=subscription.pk)
        subscription.refresh_from_db()  # the service may have set fields before refusing
    context = {"form": form, "customer": subscription.customer, "subscription": subscription}
    return render(request, "portal/billing/subscriptions/form.html", context)


@role_required("admin")
@require_http_methods(["GET", "POST"])
def invoice_create(request):
    actor = request.actor
    customer_id = whole_number(request.POST.get("customer") or request.GET.get("customer"))
    customers = Customer.objects.for_actor(actor).order_by("name", "id")
    # The subscriptions offered are the chosen customer's (none until one is chosen); the service
    # refuses a subscription of another customer anyway.
    subscriptions = (
        Subscription.objects.for_actor(actor)
        .filter(customer_id=customer_id)
        .order_by("offer", "id")
    )
    form = InvoiceForm(
        request.POST or None,
        initial={"customer": customer_id},
        customers=customers,
        subscriptions=subscriptions,
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            invoice = services.invoice_create(actor=actor, **form.cleaned_data)
        if not call.failed:
            messages.success(request, _("Invoice %(number)s created.") % {"number": invoice.number})
            return redirect("invoice-detail", pk=invoice.pk)
    customer = customers.filter(pk=customer_id).first() if customer_id else None
    context = {"form": form, "customer": customer}
    return render(request, "portal/billing/invoices/form.html", context)
