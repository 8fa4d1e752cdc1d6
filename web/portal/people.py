"""Partner portal pages that need only the partners app: customers and members.

The dashboard at ``/`` and the customer list and page read tickets and billing too, so they are
composed in ``web.portal.dashboard`` and ``web.portal.customers``.

Reads go through ``partners.selectors`` (scoped by ``for_actor``); writes through
``partners.services`` inside ``service_errors``, so a page shows the service's own reason.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.web import get_for_actor, role_required, service_errors
from partners import selectors, services
from partners.models import Customer, Partner
from web.forms.partners import CustomerForm, MemberForm


@role_required("partner")
@require_http_methods(["GET", "POST"])
def customer_create(request):
    form = CustomerForm(
        request.POST or None,
        initial={"language": request.actor.partner.default_language},
        can_exempt=request.actor.is_partner_admin,
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            customer = services.customer_create(actor=request.actor, **form.cleaned_data)
        if not call.failed:
            messages.success(request, _("Customer %(name)s created.") % {"name": customer.name})
            return redirect("customer-detail", pk=customer.pk)
    return render(request, "portal/customers/form.html", {"form": form, "customer": None})


@role_required("partner")
@require_http_methods(["GET", "POST"])
def customer_edit(request, pk):
    customer = get_for_actor(request.actor, Customer.objects, pk=pk)
    initial = {field: getattr(customer, field) for field in services.CUSTOMER_FIELDS}
    form = CustomerForm(
        request.POST or None, initial=initial, can_exempt=request.actor.is_partner_admin
    )
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        with service_errors(request, form) as call:
            if changed:
                services.customer_update(actor=request.actor, customer=customer, **changed)
        if not call.failed:
            messages.success(
                request, _("Customer saved.") if changed else _("Nothing was changed.")
            )
            return redirect("customer-detail", pk=customer.pk)
        customer.refresh_from_db()  # the service may have set fields before refusing
    return render(request, "portal/customers/form.html", {"form": form, "customer": customer})


@role_required("admin")
@require_http_methods(["GET", "POST"])
def member_list(request):
    actor = request.actor
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = get_for_actor(actor, Partner.objects, pk=actor.partner_id)
        with service_errors(request, form) as call:
            membership = services.member_add(actor=actor, partner=partner, **form.cleaned_data)
        if not call.failed:
            messages.success(
                request, _("%(username)s can now sign in.") % {"username": membership.user.username}
            )
            return redirect("member-list")
    members = selectors.partner_members(actor=actor, partner_id=actor.partner_id)
    return render(request, "portal/members.html", {"members": members, "form": form})
