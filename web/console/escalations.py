"""Operator console: the escalation queue across every partner (the operator's start page, with
their "Needs you" inbox on top), and one escalation's page.

The operator reads a case through ``selectors.escalation_detail``, which loads the ticket's public
and operator messages only: a partner's internal notes are never fetched, so no template can
show them. Each action is a POST to ``/ops/escalations/<id>/<action>/`` served by one function
below: the scoped fetch, the posted form, the service inside ``service_errors``, a message and a
redirect back to the page, or the page again with the form and the service's reason.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from billing import selectors as billing_selectors
from core.web import (
    csv_export,
    csv_requested,
    get_for_actor,
    paginate,
    post_action,
    role_required,
    service_errors,
)
from mailgate import selectors as mailgate_selectors
from partners import selectors as partner_selectors
from tickets import selectors, services
from tickets.api.serializers import EscalationOutput
from tickets.models import OPEN_ESCALATION, EscalationStatus
from web.forms import tickets as forms
from web.portal.activity import needs_you


@role_required("operator")
@require_GET
def escalation_list(request):
    actor = request.actor
    partners = list(partner_selectors.partner_list(actor=actor).values_list("pk", "name"))
    form = forms.EscalationQueueForm(
        request.GET, partners=partners, statuses=EscalationStatus.choices
    )
    now = timezone.now()
    filters = form.filters(now=now)
    rows = selectors.escalation_list(actor=actor, filters=filters)
    if csv_requested(request):
        return csv_export(name="escalations", serializer_class=EscalationOutput, rows=rows)
    page = paginate(request, rows)
    filtered = (
        filters["status"] != selectors.OPEN or filters["partner"] or filters["created_before"]
    )
    return render(
        request,
        "console/escalations/escalation_list.html",
        {
            "form": form,
            "page": page,
            "filtered": filtered,
            "now": now,
            "needs_you": needs_you(actor),
        },
    )


def _escalation(request, pk):
    return get_for_actor(request.actor, selectors.escalation_detail(actor=request.actor), pk=pk)


def _page(request, escalation, **posted):
    """The escalation's page; ``posted`` is the form just refused (by its action), shown with its
    errors."""
    page_forms = {
        "ask": forms.RequestInfoForm(prefix="ask"),
        "resolve": forms.EscalationResolveForm(prefix="resolve"),
    } | posted
    if escalation.ticket.invoice is not None:  # a credit is in the currency of the disputed invoice
        credit = page_forms["resolve"].fields["credit_amount"]
        credit.label = _("Credit (%(currency)s)") % {"currency": escalation.ticket.invoice.currency}
    # What came by e-mail, public only (the selector gives the operator nothing else).
    ticket = escalation.ticket
    by_email = mailgate_selectors.ticket_email_sources(actor=request.actor, ticket=ticket)
    for message in escalation.ticket.visible_messages:
        message.inbound = by_email.get(message.pk)
    context = {
        "escalation": escalation,
        "ticket": ticket,
        "request_email": by_email.get("request"),
        # public + operator only (selectors.escalation_detail)
        "thread": escalation.ticket.visible_messages,
        "forms": page_forms,
        "can": {t.name for t in escalation.get_available_status_transitions()},
        "is_open": escalation.status in OPEN_ESCALATION,
        "events": selectors.escalation_events(actor=request.actor, escalation=escalation),
    }
    return render(request, "console/escalations/escalation_detail.html", context)


def _refused(request, pk, **posted):
    # Read the escalation again: the refused service may have changed the instance in memory
    # before its transaction rolled back.
    return _page(request, _escalation(request, pk), **posted)


def _back(escalation):
    return redirect("console-escalation-detail", pk=escalation.pk)


@role_required("operator")
@require_GET
def escalation_detail(request, pk):
    return _page(request, _escalation(request, pk))


@role_required("operator")
@require_GET
def escalation_invoice(request, pk):
    """The disputed invoice, read-only, before deciding a credit: amounts, payments, credit notes.
    Reached only through its escalation; a case without an invoice has none to show (404)."""
    escalation = _escalation(request, pk)
    invoice = selectors.escalation_invoice(actor=request.actor, escalation=escalation)
    if invoice is None:
        raise Http404
    context = {
        "escalation": escalation,
        "ticket": escalation.ticket,
        "invoice": invoice,
        "overdue_days": invoice.days_overdue(timezone.localdate()),
        "payments": billing_selectors.payment_list(invoice=invoice),
        "credit_notes": billing_selectors.credit_note_list(
            actor=request.actor, filters={"invoice": invoice}
        ),
    }
    return render(request, "console/escalations/escalation_invoice.html", context)


# --- the actions, one POST view each (reached through escalation_action below) -------------------


def take(request, pk):
    escalation = _escalation(request, pk)
    with service_errors(request) as call:
        services.escalation_take(actor=request.actor, escalation=escalation)
    if call.failed:
        return _refused(request, pk)
    messages.success(request, _("You took this escalation. The partner sees it is in review."))
    return _back(escalation)


def ask(request, pk):
    escalation = _escalation(request, pk)
    form = forms.RequestInfoForm(request.POST, prefix="ask")
    if form.is_valid():
        with service_errors(request, form) as call:
            services.escalation_request_info(
                actor=request.actor, escalation=escalation, question=form.cleaned_data["question"]
            )
        if not call.failed:
            messages.success(
                request, _("Question sent. The partner's members were told by e-mail.")
            )
            return _back(escalation)
    return _refused(request, pk, ask=form)


def resolve(request, pk):
    escalation = _escalation(request, pk)
    form = forms.EscalationResolveForm(request.POST, prefix="resolve")
    if form.is_valid():
        with service_errors(request, form) as call:
            services.escalation_resolve(
                actor=request.actor, escalation=escalation, **form.cleaned_data
            )
        if not call.failed:
            messages.success(
                request,
                _("Escalation resolved. The partner must now close the loop with the customer."),
            )
            return _back(escalation)
    return _refused(request, pk, resolve=form)


ACTIONS = {"take": take, "ask": ask, "resolve": resolve}


@role_required("operator")
@post_action
def escalation_action(request, pk, action):
    """``/ops/escalations/<id>/<action>/``: the role and the method are checked here, once, for
    every action; an unknown action is not found."""
    if action not in ACTIONS:
        raise Http404
    return ACTIONS[action](request, pk)
