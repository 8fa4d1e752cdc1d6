"""The partner's ticket queue and the new-ticket form."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from billing import selectors as billing_selectors
from core.validators import whole_number
from core.web import csv_export, csv_requested, paginate, role_required, service_errors
from notifications.activity import unread_object_ids
from partners import selectors as partner_selectors
from partners.models import Customer
from tickets import selectors, services
from tickets.api.serializers import TicketOutput
from tickets.models import Channel
from tickets.selectors.saved_views import saved_view_list
from web.forms.bulk import SavedViewForm, TicketBulkForm
from web.forms.tickets import TicketCreateForm, TicketQueueForm


def member_choices(actor) -> list[tuple[int, str]]:
    members = partner_selectors.partner_members(actor=actor, partner_id=actor.partner_id)
    return sorted(
        ((m.user_id, m.user.get_full_name() or m.user.get_username()) for m in members),
        key=lambda c: c[1].lower(),
    )


def customer_choices(actor) -> list[tuple[int, str]]:
    return list(partner_selectors.customer_list(actor=actor).values_list("pk", "name"))


QUEUE_ORDER = "queue_order"  # the session key: the order the member last chose


def remembered_order(request, form) -> str:
    """The order asked for (and remembered in the session), else the one last asked for."""
    if "order" not in request.GET:
        return request.session.get(QUEUE_ORDER, "updated")
    order = form.queue_order()
    if request.session.get(QUEUE_ORDER) != order:
        request.session[QUEUE_ORDER] = order
    return order


def query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@role_required("partner")
def ticket_list(request):
    actor = request.actor
    members = member_choices(actor)
    form = TicketQueueForm(request.GET, members=members, customers=customer_choices(actor))
    filters = form.filters(user_id=actor.user.pk)
    order = remembered_order(request, form)
    rows = selectors.ticket_list(actor=actor, filters=filters, order=order)
    if csv_requested(request):
        return csv_export(name="tickets", serializer_class=TicketOutput, rows=rows)
    page = paginate(request, rows)
    filtered = filters["status"] != selectors.ACTIVE or any(
        value for name, value in filters.items() if name != "status"
    )
    context = {
        "form": form,
        "page": page,
        "filtered": filtered,
        "order": order,
        "unread": unread_object_ids(
            actor=actor, object_type="ticket", ids=[ticket.pk for ticket in page.object_list]
        ),
        "bulk_form": TicketBulkForm(members=members),
        "saved_views": list(saved_view_list(actor=actor)),
        "view_form": SavedViewForm(initial={"query": query_without(request, "page")}),
        "sort_query": query_without(request, "page", "order"),
        "here": request.get_full_path(),
    }
    return render(request, "portal/tickets/queue.html", context)


def _linked_choices(actor, customer_id):
    """The chosen customer's subscriptions and invoices (none until a customer is chosen)."""
    customer_id = whole_number(customer_id)
    customer = (
        Customer.objects.for_actor(actor).filter(pk=customer_id).first()
        if customer_id is not None
        else None
    )
    if customer is None:
        return [], []
    subscriptions = [
        (s.pk, f"{s.offer} × {s.quantity} ({s.get_status_display()})")
        for s in billing_selectors.customer_subscriptions(actor=actor, customer=customer)
    ]
    invoices = [
        (i.pk, f"{i.number} · {i.currency} {i.amount} ({i.get_status_display()})")
        for i in billing_selectors.customer_invoices(actor=actor, customer=customer)
    ]
    return subscriptions, invoices


@role_required("partner")
@require_http_methods(["GET", "POST"])
def ticket_create(request):
    actor = request.actor
    customer_id = request.POST.get("customer") or request.GET.get("customer") or ""
    subscriptions, invoices = _linked_choices(actor, customer_id)
    initial = {
        name: request.GET[name]
        for name in ("customer", "invoice", "subscription")
        if request.GET.get(name)
    }
    form = TicketCreateForm(
        request.POST or None,
        initial=initial,
        customers=customer_choices(actor),
        subscriptions=subscriptions,
        invoices=invoices,
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(request, form) as call:
            ticket = services.ticket_create(
                actor=actor, channel=Channel.WEB, **form.cleaned_data
            )
        if not call.failed:
            messages.success(
                request,
                _("Ticket %(id)s opened. The customer got an acknowledgement by e-mail.")
                % {"id": ticket.pk},
            )
            return redirect(ticket)
    return render(request, "portal/tickets/ticket_form.html", {"form": form})
