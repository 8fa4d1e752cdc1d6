"""The customer list and customer page: partner pages that show every app's side of a customer.

Like the dashboard, they are composed here at the top of the dependency graph (tickets → billing
→ partners), from each app's own selectors; creating and editing a customer stays in partners.
"""

from django.shortcuts import render
from django.utils import timezone

from billing import selectors as billing_selectors
from core.web import csv_export, csv_requested, get_for_actor, paginate, role_required
from partners import selectors as partner_selectors
from partners.api.serializers import CustomerOutput
from partners.models import Customer
from tickets import selectors

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
    actor = request.actor
    customer = get_for_actor(actor, Customer.objects, pk=pk)
    invoices = _capped(billing_selectors.customer_invoices(actor=actor, customer=customer))
    today = timezone.localdate()
    for invoice in invoices["rows"]:
        invoice.overdue_days = invoice.days_overdue(today)
    context = {
        "customer": customer,
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
