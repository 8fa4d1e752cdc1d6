"""Partner portal pages that need only the partners app: customers and members.

The dashboard at ``/`` reads tickets and billing too, so it is composed in ``tickets.views_dashboard``.

Reads go through ``partners.selectors`` (scoped by ``for_actor``); writes through
``partners.services`` inside ``service_errors``, so a page shows the service's own reason.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partners import selectors, services
from partners.forms import CustomerForm, MemberForm
from partners.models import Customer, Partner
from partners.web import get_for_actor, paginate, role_required, service_errors

DETAIL_ROWS = 20  # rows per section on the customer page; the full lists have their own pages


@role_required("partner")
def customer_list(request):
    query = request.GET.get("q", "").strip()
    page = paginate(request, selectors.customer_search(actor=request.actor, query=query))
    return render(request, "partners/customers/list.html", {"page": page, "query": query})


@role_required("partner")
@require_http_methods(["GET", "POST"])
def customer_create(request):
    form = CustomerForm(request.POST or None, can_exempt=request.actor.is_partner_admin)
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            customer = services.customer_create(actor=request.actor, **form.cleaned_data)
        if not call.failed:
            messages.success(request, _("Customer %(name)s created.") % {"name": customer.name})
            return redirect("customer-detail", pk=customer.pk)
    return render(request, "partners/customers/form.html", {"form": form, "customer": None})


def _capped(queryset):
    """The first DETAIL_ROWS rows, and whether there are more (one query, no COUNT)."""
    rows = list(queryset[:DETAIL_ROWS + 1])
    return {"rows": rows[:DETAIL_ROWS], "more": len(rows) > DETAIL_ROWS}


@role_required("partner")
def customer_detail(request, pk):
    actor = request.actor
    customer = get_for_actor(actor, Customer.objects, pk=pk)
    invoices = _capped(selectors.customer_invoices(actor=actor, customer=customer))
    today = timezone.localdate()
    for invoice in invoices["rows"]:
        invoice.overdue_days = invoice.days_overdue(today)
    context = {
        "customer": customer,
        "subscriptions": _capped(selectors.customer_subscriptions(actor=actor, customer=customer)),
        "invoices": invoices,
        "tickets": _capped(selectors.customer_tickets(actor=actor, customer=customer)),
        "events": selectors.event_list_for(actor=actor, obj=customer).reverse()[:DETAIL_ROWS],
    }
    return render(request, "partners/customers/detail.html", context)


@role_required("partner")
@require_http_methods(["GET", "POST"])
def customer_edit(request, pk):
    customer = get_for_actor(request.actor, Customer.objects, pk=pk)
    initial = {field: getattr(customer, field) for field in services.CUSTOMER_FIELDS}
    form = CustomerForm(request.POST or None, initial=initial, can_exempt=request.actor.is_partner_admin)
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        with service_errors(request, form) as call:
            if changed:
                services.customer_update(actor=request.actor, customer=customer, **changed)
        if not call.failed:
            messages.success(request, _("Customer saved.") if changed else _("Nothing was changed."))
            return redirect("customer-detail", pk=customer.pk)
        customer.refresh_from_db()  # the service may have set fields before refusing
    return render(request, "partners/customers/form.html", {"form": form, "customer": customer})


@role_required("admin")
@require_http_methods(["GET", "POST"])
def member_list(request):
    actor = request.actor
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = Partner.objects.get(pk=actor.partner_id)
        with service_errors(request, form) as call:
            membership = services.member_add(actor=actor, partner=partner, **form.cleaned_data)
        if not call.failed:
            messages.success(request, _("%(username)s can now sign in.") % {"username": membership.user.username})
            return redirect("member-list")
    members = selectors.partner_members(actor=actor, partner_id=actor.partner_id)
    return render(request, "partners/members.html", {"members": members, "form": form})
