"""Partner portal: invoices. A list with filters, and the invoice page (payments, collections steps,
history) where a partner user records a payment and an admin voids or writes off.

Every write goes through ``billing.services`` inside ``service_errors``: the page shows the
service's own reason (overpayment, a void refused because of payments, …).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from billing import selectors, services
from billing.api.serializers import InvoiceOutput
from billing.models import Invoice, Subscription, SuspensionReason
from core.ui.punctuation import sentences
from core.ui.templatetags.desk import money
from core.web import (
    csv_export,
    csv_requested,
    get_for_actor,
    paginate,
    post_action,
    role_required,
    service_errors,
)
from partners import selectors as partner_selectors
from partners.models import Customer
from web.forms.billing import CreditForm, InvoiceFilterForm, PaymentForm, ReasonForm, filters

EVENT_ROWS = 30


@role_required("partner")
def invoice_list(request):
    today = timezone.localdate()
    form = InvoiceFilterForm(request.GET)
    criteria = filters(form)
    rows = selectors.invoice_list(actor=request.actor, filters=criteria)
    if csv_requested(request):
        return csv_export(
            name="invoices", serializer_class=InvoiceOutput, rows=rows, context={"today": today}
        )
    page = paginate(request, rows)
    for invoice in page.object_list:
        invoice.overdue_days = invoice.days_overdue(today)
    customer = (
        Customer.objects.for_actor(request.actor).filter(pk=criteria["customer"]).first()
        if criteria["customer"]
        else None
    )
    filtered = any(criteria[name] for name in ("q", "status", "overdue", "frozen", "customer"))
    return render(
        request,
        "portal/billing/invoices/list.html",
        {"page": page, "form": form, "customer": customer, "filtered": filtered},
    )


def _invoice(request, pk) -> Invoice:
    related = Invoice.objects.select_related(
        "customer", "subscription", "collections_policy", "partner"
    )
    return get_for_actor(request.actor, related, pk=pk)


def _page(request, invoice: Invoice, *, payment_form=None, close_form=None, credit_form=None):
    today = timezone.localdate()
    policy = selectors.invoice_policy(invoice)
    context = {
        "invoice": invoice,
        "overdue_days": invoice.days_overdue(today),
        "payments": selectors.payment_list(invoice=invoice).select_related("created_by"),
        "payment_form": payment_form or PaymentForm(currency=invoice.currency),
        "close_form": close_form or ReasonForm(),
        "credit_form": credit_form or CreditForm(currency=invoice.currency),
        "credit_notes": selectors.credit_note_list(
            actor=request.actor, filters={"invoice": invoice}
        ),
        "policy": policy,
        "schedule": selectors.invoice_schedule(invoice=invoice, policy=policy, today=today),
        "events": partner_selectors.event_list_for(actor=request.actor, obj=invoice).reverse()[
            :EVENT_ROWS
        ],
    }
    return render(request, "portal/billing/invoices/detail.html", context)


@role_required("partner")
def invoice_detail(request, pk):
    return _page(request, _invoice(request, pk))


@role_required("partner")
@post_action
def invoice_payment(request, pk):
    invoice = _invoice(request, pk)
    form = PaymentForm(request.POST, currency=invoice.currency)
    if form.is_valid():
        suspended = _suspended_for_non_payment(invoice)
        with service_errors(request, form) as call:
            services.payment_record(actor=request.actor, invoice=invoice, **form.cleaned_data)
        if not call.failed:
            invoice.refresh_from_db()
            back = len(suspended) - len(_suspended_for_non_payment(invoice) & suspended)
            messages.success(request, _payment_message(invoice, back))
            return redirect("invoice-detail", pk=invoice.pk)
    return _page(request, invoice, payment_form=form)


def _suspended_for_non_payment(invoice: Invoice) -> set[int]:
    rows = Subscription.objects.filter(customer_id=invoice.customer_id).values_list(
        "id", "suspension_reasons"
    )
    return {pk for pk, reasons in rows if SuspensionReason.NON_PAYMENT in reasons}


def _payment_message(invoice: Invoice, back: int = 0) -> str:
    if invoice.status == Invoice.Status.PAID:
        paid = _("Payment recorded. Invoice %(number)s is paid in full.") % {
            "number": invoice.number
        }
        if not back:
            return paid
        reactivated = ngettext(
            "%(count)d suspended subscription of this customer is active again.",
            "%(count)d suspended subscriptions of this customer are active again.",
            back,
        ) % {"count": back}
        return sentences(paid, reactivated)
    return _("Payment recorded. %(balance)s is still due on invoice %(number)s.") % {
        "balance": money(invoice.balance, invoice.currency),
        "number": invoice.number,
    }


@role_required("admin")  # like the API: voiding and writing off are a partner admin's decisions
@post_action
def invoice_void(request, pk):
    invoice = _invoice(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        with service_errors(request, form) as call:
            services.invoice_void(actor=request.actor, invoice=invoice, **form.cleaned_data)
        if not call.failed:
            messages.success(request, _("Invoice %(number)s is void.") % {"number": invoice.number})
            return redirect("invoice-detail", pk=invoice.pk)
    return _page(request, invoice, close_form=form)


@role_required("admin")
@post_action
def invoice_write_off(request, pk):
    invoice = _invoice(request, pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        with service_errors(request, form) as call:
            services.invoice_write_off(actor=request.actor, invoice=invoice, **form.cleaned_data)
        if not call.failed:
            messages.success(
                request,
                _("The balance of invoice %(number)s is written off.") % {"number": invoice.number},
            )
            return redirect("invoice-detail", pk=invoice.pk)
    return _page(request, invoice, close_form=form)


@role_required("admin")  # like the API: crediting is a partner admin's decision
@post_action
def invoice_credit(request, pk):
    invoice = _invoice(request, pk)
    form = CreditForm(request.POST, currency=invoice.currency)
    if form.is_valid():
        with service_errors(request, form) as call:
            note = services.credit_note_create(
                actor=request.actor, invoice=invoice, **form.cleaned_data
            )
        if not call.failed:
            messages.success(
                request,
                _("Credit of %(amount)s issued on invoice %(number)s.")
                % {"amount": money(note.amount, note.currency), "number": invoice.number},
            )
            return redirect("invoice-detail", pk=invoice.pk)
    return _page(request, invoice, credit_form=form)
